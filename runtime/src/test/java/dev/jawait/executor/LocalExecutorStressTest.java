package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.LocalTestFutures.Gate;
import dev.jawait.task.JoinHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lost-wakeup and wake-coalescing rules of {@link LocalExecutor} under real threads. A lost wake
 * shows up as a hang, caught by {@code @Timeout}; a missing or extra poll as a wrong count.
 */
class LocalExecutorStressTest {
    private static final int PING_PONGS = 20_000;
    private static final int ROUNDS = 200;
    private static final int WAKER_THREADS = 4;
    private static final int WAKES_PER_THREAD = 100;

    /**
     * The executor's main future suspends; another thread wakes it at a random moment: during the
     * rest of the poll, while the executor announces its park, or after it parked. Every wake must
     * lead to the next poll.
     */
    @Test
    @Timeout(30)
    void aWakeFromAnotherThreadWhileTheExecutorParksIsNeverLost() throws Exception {
        LocalExecutor exec = LocalExecutor.create();
        PingPong pingPong = new PingPong(PING_PONGS);
        Thread waker = new Thread(pingPong::wakeEachTurn, "ping-pong-waker");
        waker.start();
        assertEquals(PING_PONGS, exec.blockOn(pingPong));
        waker.join();
    }

    /** The same for a spawned task on an executor with its own thread, awaited from outside. */
    @Test
    @Timeout(30)
    void aWakeFromAnotherThreadReachesASpawnedTaskOnTheDedicatedThread() throws Exception {
        LocalExecutor exec = LocalExecutor.startOnNewThread("ping-pong");
        try {
            PingPong pingPong = new PingPong(PING_PONGS);
            JoinHandle<Integer> handle = exec.spawn(pingPong);
            pingPong.wakeEachTurn(); // on the test thread
            assertEquals(PING_PONGS, Await.blockOn(handle));
        } finally {
            exec.close();
        }
    }

    /**
     * N threads wake one idle task many times while the executor thread is busy in another task's
     * poll: when the executor gets back, the batch owes exactly one poll.
     */
    @Test
    @Timeout(30)
    void concurrentWakesOfAnIdleTaskOweExactlyOnePollPerBatch() throws Exception {
        LocalExecutor exec = LocalExecutor.startOnNewThread("coalescing-idle");
        try {
            Gate<Void> target = new Gate<>();
            Blocker blocker = new Blocker();
            exec.spawn(target);
            exec.spawn(blocker);
            blocker.entered.acquire(); // the blocker's first poll: the executor thread is held
            blocker.release.release();
            awaitCount(target.polls, 1);
            for (int round = 0; round < ROUNDS; round++) {
                blocker.wakeStored();
                blocker.entered.acquire(); // the executor thread is inside the blocker's poll
                assertEquals(1 + round, target.polls.get(), "polls before round " + round);
                wakeConcurrently(target.storedWaker());
                blocker.release.release();
                awaitCount(target.polls, 2 + round);
            }
            blocker.wakeStored();
            blocker.entered.acquire();
            assertEquals(1 + ROUNDS, target.polls.get(), "no poll beyond one per batch");
            blocker.release.release();
        } finally {
            exec.close();
        }
    }

    /**
     * N threads wake a task many times while that very task is being polled: afterwards it owes
     * exactly one more poll, which happens after the current one returns (never concurrently).
     */
    @Test
    @Timeout(30)
    void concurrentWakesDuringATasksPollOweExactlyOneMorePoll() throws Exception {
        LocalExecutor exec = LocalExecutor.startOnNewThread("coalescing-running");
        try {
            Blocker target = new Blocker(); // its poll holds until released; Gate-like re-entrancy check
            exec.spawn(target);
            for (int round = 0; round < ROUNDS; round++) {
                target.entered.acquire(); // poll number round + 1 is in progress
                assertEquals(round + 1, target.polls.get(), "polls at round " + round);
                Waker w = target.storedOrCurrentWaker();
                wakeConcurrently(w);
                target.release.release();
            }
            target.entered.acquire();
            assertEquals(ROUNDS + 1, target.polls.get(), "exactly one poll per batch");
            target.release.release();
        } finally {
            exec.close();
        }
    }

    /**
     * Several threads spawn tasks into a running executor while other threads complete them; every
     * task runs once and every handle gets its value.
     */
    @Test
    @Timeout(30)
    void spawnsAndWakesFromOtherThreadsWhileTheExecutorRuns() throws Exception {
        LocalExecutor exec = LocalExecutor.startOnNewThread("foreign-spawns");
        int spawners = 3;
        int perSpawner = 3000;
        try {
            List<List<JoinHandle<Integer>>> handles = new ArrayList<>();
            List<Gate<Integer>> gates = new ArrayList<>();
            for (int s = 0; s < spawners; s++) {
                handles.add(new ArrayList<>());
                for (int i = 0; i < perSpawner; i++) {
                    gates.add(new Gate<>());
                }
            }
            CyclicBarrier start = new CyclicBarrier(spawners + 1);
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < spawners; s++) {
                int base = s * perSpawner;
                List<JoinHandle<Integer>> mine = handles.get(s);
                threads.add(new Thread(() -> {
                    await(start);
                    for (int i = 0; i < perSpawner; i++) {
                        mine.add(exec.spawn(gates.get(base + i)));
                    }
                }));
            }
            threads.add(new Thread(() -> { // opens the gates, racing the spawns
                await(start);
                for (int i = 0; i < gates.size(); i++) {
                    gates.get(i).open(i);
                }
            }));
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            long sum = 0;
            for (List<JoinHandle<Integer>> list : handles) {
                for (JoinHandle<Integer> h : list) {
                    sum += Await.blockOn(h);
                }
            }
            long n = (long) spawners * perSpawner;
            assertEquals(n * (n - 1) / 2, sum);
            for (Gate<Integer> g : gates) {
                assertEquals(0, g.cancels.get());
            }
            Await.blockOn(exec.spawn(Future.ready(null)));
            assertEquals(0, exec.taskCount());
        } finally {
            exec.close();
        }
    }

    /**
     * A wake on the executor thread and a poll allocate nothing; neither does a wake from another
     * thread (measured with the JVM's per-thread allocation counter, after warm-up).
     */
    @Test
    @Timeout(30)
    void wakesAndPollsAllocateNothingAfterWarmUp() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        LocalExecutor exec = LocalExecutor.create();
        int yields = 200_000;
        exec.blockOn(new SelfWaking(yields)); // warm-up
        long me = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(me);
        exec.blockOn(new SelfWaking(yields));
        long sameThread = threads.getThreadAllocatedBytes(me) - before;
        // blockOn itself allocates a handle, a waker and a context; the yields must add nothing.
        assertEquals(0, sameThread / yields, "bytes per same-thread wake+poll (total " + sameThread + ")");

        PingPong warm = new PingPong(5_000);
        Thread warmWaker = new Thread(warm::wakeEachTurn);
        warmWaker.start();
        exec.blockOn(warm);
        warmWaker.join();

        int rounds = 20_000;
        PingPong pingPong = new PingPong(rounds);
        AtomicLong wakerBytes = new AtomicLong();
        Thread waker = new Thread(() -> {
            long id = Thread.currentThread().getId();
            long start = threads.getThreadAllocatedBytes(id);
            pingPong.wakeEachTurn();
            wakerBytes.set(threads.getThreadAllocatedBytes(id) - start);
        });
        before = threads.getThreadAllocatedBytes(me);
        waker.start();
        exec.blockOn(pingPong);
        long executorSide = threads.getThreadAllocatedBytes(me) - before;
        waker.join();
        assertEquals(0, executorSide / rounds, "executor bytes per foreign wake (total " + executorSide + ")");
        assertEquals(0, wakerBytes.get() / rounds, "waker bytes per foreign wake (total " + wakerBytes + ")");
    }

    // ---- helpers ----

    /**
     * Ready after {@code n} polls. Between polls it publishes its waker and its turn; the other
     * side waits for each turn, lingers a random moment, and wakes it once.
     */
    static final class PingPong implements Future<Integer> {
        private final int n;
        private final AtomicInteger turn = new AtomicInteger();
        private volatile Waker waker;
        private int polls;

        PingPong(int n) {
            this.n = n;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            polls++;
            if (polls == n) {
                return Poll.ready(polls);
            }
            waker = cx.waker();
            turn.set(polls); // the other side may wake us from here on, even before we return
            if (polls % 3 == 0) {
                Thread.onSpinWait(); // widen the "wake during poll" window now and then
            }
            return Poll.pending();
        }

        /** The waking side: one wake per turn, at a random moment. */
        void wakeEachTurn() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 1; i < n; i++) {
                for (int spins = 0; turn.get() != i; spins++) { // no lambda: it would allocate
                    if ((spins & 127) == 127) {
                        Thread.yield();
                    } else {
                        Thread.onSpinWait();
                    }
                }
                int linger = random.nextInt(64);
                for (int s = 0; s < linger; s++) {
                    Thread.onSpinWait();
                }
                waker.wakeByRef();
            }
        }
    }

    /** Pending until it has been polled {@code n} times, waking itself each time. */
    static final class SelfWaking implements Future<Void> {
        private int left;

        SelfWaking(int n) {
            this.left = n;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (left-- == 0) {
                return Poll.ready(null);
            }
            cx.waker().wakeByRef();
            return Poll.pending();
        }
    }

    /**
     * Pending forever; each poll signals {@link #entered} and holds the executor thread until
     * {@link #release} is released.
     */
    static final class Blocker implements Future<Void> {
        final Semaphore entered = new Semaphore(0);
        final Semaphore release = new Semaphore(0);
        final AtomicInteger polls = new AtomicInteger();
        private final AtomicInteger inPoll = new AtomicInteger();
        private volatile Waker waker;

        @Override
        public Poll<Void> poll(Context cx) {
            if (inPoll.incrementAndGet() != 1) {
                throw new AssertionError("polled re-entrantly or concurrently");
            }
            try {
                polls.incrementAndGet();
                waker = cx.waker();
                entered.release();
                release.acquireUninterruptibly();
                return Poll.pending();
            } finally {
                inPoll.decrementAndGet();
            }
        }

        void wakeStored() {
            waker.wakeByRef();
        }

        Waker storedOrCurrentWaker() {
            return waker;
        }
    }

    private static void wakeConcurrently(Waker target) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(WAKER_THREADS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < WAKER_THREADS; t++) {
            Thread thread = new Thread(() -> {
                await(start);
                for (int i = 0; i < WAKES_PER_THREAD; i++) {
                    target.wakeByRef();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void awaitCount(AtomicInteger counter, int expected) {
        spinUntil(() -> counter.get() >= expected);
    }

    /** Busy-waits (yielding now and then: the machine may have fewer cores than threads). */
    static void spinUntil(java.util.function.BooleanSupplier condition) {
        for (int spins = 0; !condition.getAsBoolean(); spins++) {
            if ((spins & 127) == 127) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
