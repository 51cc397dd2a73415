package dev.jawait.executor;

import static dev.jawait.executor.LocalTestFutures.await;
import static dev.jawait.executor.LocalTestFutures.awaitCount;
import static dev.jawait.executor.LocalTestFutures.wakeConcurrently;
import static dev.jawait.executor.LocalTestFutures.yields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.LocalTestFutures.Blocker;
import dev.jawait.executor.LocalTestFutures.Gate;
import dev.jawait.executor.LocalTestFutures.PingPong;
import dev.jawait.executor.LocalTestFutures.SelfWaking;
import dev.jawait.task.JoinHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
                wakeConcurrently(target.storedWaker(), WAKER_THREADS, WAKES_PER_THREAD);
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
                wakeConcurrently(w, WAKER_THREADS, WAKES_PER_THREAD);
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
     * Round after round, a task suspends and hands its waker to threads that wake it over and over;
     * once one of those foreign wakes waits in the inbox, the executor thread ends the task with a
     * wake of its own and spawns a task that takes the freed slot and suspends for good without
     * handing out its waker. Each of those must be polled exactly once: a foreign wake that outlived
     * its task and reached the slot's next occupant would poll it again.
     */
    @Test
    @Timeout(60)
    void foreignWakesOfAnEndedTaskNeverPollTheTaskThatTakesItsSlot() throws Exception {
        int rounds = 5_000;
        AtomicReference<Waker> current = new AtomicReference<>();
        AtomicReference<Gate<Integer>> ending = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> wakers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            wakers.add(new Thread(() -> {
                while (!stop.get()) {
                    Waker w = current.get();
                    if (w != null) {
                        w.wakeByRef();
                    }
                }
            }));
        }
        LocalExecutor exec = LocalExecutor.create();
        List<Gate<Integer>> occupants = new ArrayList<>();
        int[] phase = {0};
        int[] endedWithAWakeQueued = {0};
        int[] slotsReused = {0};
        Future<Integer> driver = cx -> {
            switch (phase[0]) {
                case 0: // a task that suspends; its waker goes to the waker threads
                    ending.set(new Gate<>());
                    exec.spawn(ending.get()).detach();
                    phase[0] = 1;
                    break;
                case 1: { // once it has suspended and a foreign wake is queued, end it from here
                    LocalTask<?> task = (LocalTask<?>) ending.get().storedWaker();
                    if (task == null) {
                        break; // not polled yet
                    }
                    current.set(task);
                    for (int spins = 0; !task.remoteWakePending() && spins < 100_000; spins++) {
                        Thread.onSpinWait();
                    }
                    if (task.remoteWakePending()) {
                        endedWithAWakeQueued[0]++;
                    }
                    ending.get().open(occupants.size());
                    phase[0] = 2;
                    break;
                }
                case 2: // once it has ended, the next spawn takes its slot
                    if (ending.get().polls.get() == 2) {
                        Gate<Integer> occupant = new Gate<>();
                        occupants.add(occupant);
                        exec.spawn(occupant);
                        phase[0] = 3;
                    }
                    break;
                default: { // once the occupant has suspended, the round is over
                    Waker occupantWaker = occupants.get(occupants.size() - 1).storedWaker();
                    if (occupantWaker == null) {
                        break;
                    }
                    if (((LocalTask<?>) occupantWaker).slot() == ((LocalTask<?>) current.get()).slot()) {
                        slotsReused[0]++;
                    }
                    if (occupants.size() == rounds) {
                        return Poll.ready(rounds);
                    }
                    phase[0] = 0;
                    break;
                }
            }
            cx.waker().wakeByRef();
            return Poll.pending();
        };
        wakers.forEach(Thread::start);
        try {
            exec.blockOn(driver);
            stop.set(true);
            for (Thread t : wakers) {
                t.join();
            }
            exec.blockOn(yields(2 * LocalExecutor.INBOX_INTERVAL)); // takes out whatever is left in the inbox
            assertEquals(rounds, slotsReused[0], "each occupant must have taken the ended task's slot");
            assertTrue(endedWithAWakeQueued[0] > rounds / 2,
                    "a foreign wake must have been queued when most tasks ended, for this test to mean anything: "
                            + endedWithAWakeQueued[0]);
            for (int r = 0; r < rounds; r++) {
                assertEquals(1, occupants.get(r).polls.get(), "round " + r + ": the occupant was polled by a stale wake");
            }
        } finally {
            stop.set(true);
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
}
