package dev.jawait.executor;

import static dev.jawait.executor.WorkStealingTestSupport.await;
import static dev.jawait.executor.WorkStealingTestSupport.awaitTrue;
import static dev.jawait.executor.WorkStealingTestSupport.terminate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.WorkStealingTestSupport.Blocker;
import dev.jawait.executor.WorkStealingTestSupport.PollGuard;
import dev.jawait.task.JoinHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lost-wakeup rules under real threads: wakes during a poll, wakes from foreign threads while
 * workers park, and many concurrent wakes owing exactly one poll. A lost wake shows up as a task
 * that never finishes (a timeout); a double schedule as two threads inside one poll (the guard) or
 * as an extra poll (the counts).
 */
class WorkStealingWakeTest {

    /** Foreign threads that wake (by value) whatever wakers they are handed. */
    private static final class WakeService implements AutoCloseable {
        private final BlockingQueue<Waker> wakers = new LinkedBlockingQueue<>();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stop;

        WakeService(int n) {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(() -> {
                    while (!stop) {
                        try {
                            Waker w = wakers.poll(10, TimeUnit.MILLISECONDS);
                            if (w != null) {
                                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                    LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(20_000));
                                }
                                w.wake();
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "waker-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        void submit(Waker w) {
            wakers.add(w);
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    /**
     * Needs {@code steps} polls to finish; each poll hands a waker clone to a foreign thread and
     * then keeps running a little, so the wake often lands while the poll is still in progress.
     */
    private static final class Stepper implements Future<Integer> {
        final PollGuard guard = new PollGuard();
        private final int steps;
        private final WakeService service;
        private int done;

        Stepper(int steps, WakeService service) {
            this.steps = steps;
            this.service = service;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            guard.enter();
            try {
                if (++done == steps) {
                    return Poll.ready(done);
                }
                service.submit(cx.waker().clone());
                int spin = ThreadLocalRandom.current().nextInt(200);
                for (int i = 0; i < spin; i++) {
                    Thread.onSpinWait();
                }
                return Poll.pending();
            } finally {
                guard.exit();
            }
        }
    }

    /**
     * A two-worker executor whose idle workers spin {@code spinNanos} before parking: the parking
     * handshake is tested both behind the spin (the default) and bare ({@code 0}).
     */
    private static WorkStealingExecutor twoWorkers(long spinNanos) {
        return WorkStealingExecutor.builder().workers(2).spinBeforePark(Duration.ofNanos(spinNanos)).build();
    }

    @Test
    void spinBeforeParkIsBetweenZeroAndOneMillisecond() {
        WorkStealingExecutor.Builder b = WorkStealingExecutor.builder();
        Assertions.assertThrows(IllegalArgumentException.class, () -> b.spinBeforePark(Duration.ofNanos(-1)));
        Assertions.assertThrows(
                IllegalArgumentException.class, () -> b.spinBeforePark(Duration.ofMillis(1).plusNanos(1)));
        Assertions.assertThrows(NullPointerException.class, () -> b.spinBeforePark(null));
        b.spinBeforePark(Duration.ofMillis(1)).spinBeforePark(Duration.ZERO); // both ends allowed
    }

    @ParameterizedTest(name = "spin {0} ns")
    @ValueSource(longs = {0, 20_000})
    @Timeout(60)
    void wakesDuringAndAfterPollsAreNeverLostNorDoubled(long spinNanos) throws Exception {
        int tasks = 200;
        int steps = 200;
        try (WakeService service = new WakeService(3)) {
            WorkStealingExecutor ex = twoWorkers(spinNanos);
            List<Stepper> steppers = new ArrayList<>();
            List<JoinHandle<Integer>> handles = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                Stepper s = new Stepper(steps, service);
                steppers.add(s);
                handles.add(ex.spawn(s));
            }
            for (JoinHandle<Integer> h : handles) {
                assertEquals(steps, Await.blockOn(h));
            }
            for (Stepper s : steppers) {
                // One wake per pending poll and one poll per wake: exactly `steps` polls.
                assertEquals(steps, s.guard.polls.get());
            }
            terminate(ex);
        }
    }

    /** Wakes itself by reference from inside its own poll, sometimes more than once. */
    @Test
    @Timeout(30)
    void selfWakeDuringPollRequeuesOnce() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);
        List<JoinHandle<Integer>> handles = new ArrayList<>();
        List<PollGuard> guards = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            PollGuard guard = new PollGuard();
            guards.add(guard);
            handles.add(ex.spawn(new Future<Integer>() {
                int n;

                @Override
                public Poll<Integer> poll(Context cx) {
                    guard.enter();
                    try {
                        if (++n == 1000) {
                            return Poll.ready(n);
                        }
                        cx.waker().wakeByRef();
                        cx.waker().wakeByRef(); // still one poll owed
                        return Poll.pending();
                    } finally {
                        guard.exit();
                    }
                }
            }));
        }
        for (JoinHandle<Integer> h : handles) {
            assertEquals(1000, Await.blockOn(h));
        }
        for (PollGuard g : guards) {
            assertEquals(1000, g.polls.get());
        }
        terminate(ex);
    }

    /**
     * The workers run out of work and park; then a foreign thread wakes the suspended tasks. Many
     * rounds with varied delays hit every point of the park handshake.
     */
    @ParameterizedTest(name = "spin {0} ns")
    @ValueSource(longs = {0, 20_000})
    @Timeout(60)
    void foreignWakesReachParkedWorkers(long spinNanos) throws Exception {
        WorkStealingExecutor ex = twoWorkers(spinNanos);
        int rounds = 3000;
        int tasksPerRound = 3;
        AtomicInteger polls = new AtomicInteger();
        for (int round = 0; round < rounds; round++) {
            List<AtomicReference<Waker>> slots = new ArrayList<>();
            List<JoinHandle<Void>> handles = new ArrayList<>();
            for (int i = 0; i < tasksPerRound; i++) {
                AtomicReference<Waker> slot = new AtomicReference<>();
                slots.add(slot);
                PollGuard guard = new PollGuard();
                handles.add(ex.spawn(cx -> {
                    guard.enter();
                    try {
                        polls.incrementAndGet();
                        if (slot.get() == null) {
                            slot.set(cx.waker().clone());
                            return Poll.pending();
                        }
                        return Poll.ready(null);
                    } finally {
                        guard.exit();
                    }
                }));
            }
            for (AtomicReference<Waker> slot : slots) {
                awaitTrue("first poll", 5, () -> slot.get() != null);
            }
            int pause = ThreadLocalRandom.current().nextInt(4);
            if (pause == 1) {
                Thread.yield();
            } else if (pause == 2) {
                LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(50_000));
            } else if (pause == 3) {
                awaitTrue("workers parked", 5, () -> ex.idle.sleeping() == 2);
            }
            for (AtomicReference<Waker> slot : slots) {
                slot.get().wake();
            }
            for (JoinHandle<Void> h : handles) {
                Await.blockOn(h);
            }
        }
        assertEquals(rounds * tasksPerRound * 2, polls.get());
        terminate(ex);
    }

    /**
     * Bursts from outside the pool: a task that holds its worker, and others. Whichever worker
     * takes the holder may first have taken a batch from the injection queue into its ring; the
     * other worker must still be told about those tasks and run them all while the holder blocks
     * (a batch moving into a ring shows in no queue for a moment: a worker that re-checked for
     * work then, and parked, used to be left asleep).
     */
    @ParameterizedTest(name = "spin {0} ns")
    @ValueSource(longs = {0, 20_000})
    @Timeout(60)
    void tasksBehindABlockedWorkerAreRunByTheOther(long spinNanos) throws Exception {
        WorkStealingExecutor ex = twoWorkers(spinNanos);
        for (int round = 0; round < 400; round++) {
            Blocker holder = new Blocker();
            AtomicInteger ran = new AtomicInteger();
            int others = 1 + round % 4;
            List<JoinHandle<?>> handles = new ArrayList<>();
            int holderAt = round % (others + 1);
            for (int i = 0; i <= others; i++) {
                handles.add(i == holderAt ? ex.spawn(holder) : ex.spawn(cx -> {
                    ran.incrementAndGet();
                    return Poll.ready(null);
                }));
            }
            await(holder.entered);
            int expected = others;
            awaitTrue("round " + round + ": the " + others + " other tasks ran while a worker is held", 5,
                    () -> ran.get() == expected);
            holder.release.countDown();
            for (JoinHandle<?> h : handles) {
                Await.blockOn(h);
            }
        }
        terminate(ex);
    }

    /**
     * Spawns from a worker's task land in its spawn deque. A task spawns a few children and then
     * holds its worker until they have run: the other worker, parked or spinning when the spawns
     * come, must be woken and take every one of them. Every push must look for a sleeper: with a
     * rule that skipped the look unless the deque was empty before the push, the thief emptied
     * the deque while the spawner was preempted between its look and its push, found nothing,
     * parked, and the later children stayed behind (2 runs in 4 failed).
     */
    @ParameterizedTest(name = "spin {0} ns")
    @ValueSource(longs = {0, 20_000})
    @Timeout(60)
    void childrenOfABlockedTaskAreRunByTheOtherWorker(long spinNanos) throws Exception {
        WorkStealingExecutor ex = twoWorkers(spinNanos);
        for (int round = 0; round < 300; round++) {
            int children = 1 + round % 5;
            AtomicInteger ran = new AtomicInteger();
            LockSupport.parkNanos(200_000); // let the other worker go idle, and park
            JoinHandle<Integer> parent = ex.spawn(cx -> {
                for (int i = 0; i < children; i++) {
                    ex.spawnDetached(child -> {
                        ran.incrementAndGet();
                        return Poll.ready(null);
                    });
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (ran.get() < children && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                return Poll.ready(ran.get());
            });
            int ranWhileHeld = Await.blockOn(parent);
            assertEquals(children, ranWhileHeld, "round " + round + ": children run while their parent held its worker");
        }
        terminate(ex);
    }

    /**
     * Deterministic: the only worker is held busy, so every wake lands while the target is idle
     * and queued. However many threads wake it at once, it is queued once and polled once.
     */
    @Test
    @Timeout(60)
    void manyConcurrentWakesOweExactlyOnePoll() throws Exception {
        WorkStealingExecutor ex = WorkStealingExecutor.create(1);
        int wakers = 8;
        for (int round = 0; round < 200; round++) {
            PollGuard guard = new PollGuard();
            AtomicReference<Waker> stored = new AtomicReference<>();
            JoinHandle<Void> target = ex.spawn(cx -> {
                guard.enter();
                try {
                    if (stored.get() == null) {
                        stored.set(cx.waker().clone());
                    }
                    return Poll.pending(); // stays suspended; aborted at the end of the round
                } finally {
                    guard.exit();
                }
            });
            awaitTrue("first poll", 5, () -> stored.get() != null);
            Blocker blocker = new Blocker();
            ex.spawn(blocker);
            await(blocker.entered);

            Waker original = stored.get();
            List<Waker> clones = new ArrayList<>();
            for (int i = 0; i < wakers; i++) {
                clones.add(original.clone());
            }
            original.drop();
            CyclicBarrier barrier = new CyclicBarrier(wakers);
            List<Thread> threads = new ArrayList<>();
            boolean byValue = round % 2 == 0;
            for (Waker w : clones) {
                Thread t = new Thread(() -> {
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    if (byValue) {
                        w.wake();
                    } else {
                        w.wakeByRef();
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, ex.queuedTaskCount(), "queued exactly once");
            blocker.release.countDown();
            // FIFO injection queue, one worker: the sentinel runs after every copy of the target.
            Await.blockOn(ex.spawn(Future.ready(null)));
            assertEquals(2, guard.polls.get(), "polls in round " + round);
            WsTask task = ((WsJoinHandle<Void>) target).taskObject();
            // What remains is the handle's own reference, held until it returns the outcome.
            if (byValue) {
                assertEquals(1, task.referenceCount(), "every wake(), and the drop, released one reference");
            } else {
                clones.forEach(Waker::drop);
                assertEquals(1, task.referenceCount());
            }
            target.abort();
            assertThrows(target);
        }
        terminate(ex);
    }

    private static void assertThrows(JoinHandle<?> aborted) {
        try {
            Await.blockOn(aborted);
        } catch (java.util.concurrent.CancellationException expected) {
            return;
        }
        throw new AssertionError("expected the aborted task to be cancelled");
    }

    /** Multi-worker: concurrent wakers racing with polls never cause overlapping polls or a lost wake. */
    @Test
    @Timeout(60)
    void concurrentWakersRacingPollsNeverOverlapAndNeverLoseTheLastWake() throws Exception {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);
        PollGuard guard = new PollGuard();
        AtomicInteger wakesSeen = new AtomicInteger();
        AtomicInteger wakesSent = new AtomicInteger();
        AtomicReference<Waker> stored = new AtomicReference<>();
        int threads = 4;
        int perThread = 20_000;
        int total = threads * perThread;
        JoinHandle<Integer> h = ex.spawn(cx -> {
            guard.enter();
            try {
                // Read the counter before deciding; a wake sent after this read forces another poll.
                int seen = wakesSent.get();
                wakesSeen.set(seen);
                if (seen == total) {
                    return Poll.ready(seen);
                }
                if (stored.get() == null) {
                    stored.set(cx.waker().clone());
                }
                return Poll.pending();
            } finally {
                guard.exit();
            }
        });
        awaitTrue("first poll", 5, () -> stored.get() != null);
        Waker w = stored.get();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    wakesSent.incrementAndGet();
                    w.wakeByRef();
                }
            });
            thread.start();
            ts.add(thread);
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(total, Await.blockOn(h));
        assertTrue(guard.polls.get() <= total + 1);
        w.drop();
        terminate(ex);
    }
}
