package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.Futures;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualExecutor;
import dev.jawait.executor.LocalTestFutures.Gate;
import dev.jawait.task.JoinHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ExecutorSpawner}: jawait tasks on a plain {@link Executor}, with real threads. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExecutorSpawnerTest {

    @Test
    void aTaskIsPolledOnTheExecutorsThreadsAndItsValueReachesTheHandle() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "user-pool"));
        try {
            AtomicReference<String> polledOn = new AtomicReference<>();
            Gate<String> gate = new Gate<>();
            JoinHandle<String> handle = ExecutorSpawner.on(pool).spawn(cx -> {
                polledOn.set(Thread.currentThread().getName());
                return gate.poll(cx);
            });
            // Its waker stored, not just its poll begun: opened before that, the first poll would
            // see the gate open and finish without a wake.
            TestSupport.eventually("first poll suspended", () -> gate.storedWaker() != null);
            gate.open("done"); // from this thread: the wake submits the task again
            assertEquals("done", Await.blockOn(handle));
            assertEquals("user-pool", polledOn.get());
            assertEquals(2, gate.polls.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aTreeOfSpawnsOnForkJoinPoolSumsCorrectly() {
        ExecutorSpawner spawner = ExecutorSpawner.on(ForkJoinPool.commonPool());
        AtomicInteger alive = new AtomicInteger();
        AtomicInteger maxAlive = new AtomicInteger();
        long leaves = 10_000;
        long sum = Await.blockOn(spawner.spawn(new CountingTreeNode(spawner, alive, maxAlive, 0, (int) leaves)));
        assertEquals(leaves * (leaves - 1) / 2, sum);
        assertEquals(0, alive.get());
    }

    @Test
    void concurrentWakesNeverOverlapPollsAndTheLastWakeIsNeverLost() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicReference<Waker> stored = new AtomicReference<>();
            AtomicInteger inPoll = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger polls = new AtomicInteger();
            AtomicInteger wakes = new AtomicInteger();
            CountDownLatch firstPoll = new CountDownLatch(1);
            CountDownLatch stop = new CountDownLatch(1);
            JoinHandle<Integer> handle = ExecutorSpawner.on(pool).spawn(cx -> {
                if (inPoll.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    polls.incrementAndGet();
                    stored.set(cx.waker().clone());
                    firstPoll.countDown();
                    return stop.getCount() == 0 ? Poll.ready(polls.get()) : Poll.pending();
                } finally {
                    inPoll.decrementAndGet();
                }
            });
            TestSupport.await(firstPoll);
            TestSupport.runThreads(4, id -> {
                for (int i = 0; i < 20_000; i++) {
                    stored.get().wakeByRef();
                    wakes.incrementAndGet();
                }
            });
            stop.countDown();
            stored.get().wake(); // the one wake that must lead to a poll that sees the stop
            int pollsAtEnd = Await.blockOn(handle);
            assertEquals(0, overlaps.get(), "two threads polled the task at once");
            assertTrue(pollsAtEnd <= wakes.get() + 2, "more polls than wakes: " + pollsAtEnd);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void abortedBeforeItsFirstPollATaskNeverRuns() {
        ManualExecutor executor = new ManualExecutor();
        Gate<String> gate = new Gate<>();
        JoinHandle<String> handle = ExecutorSpawner.on(executor).spawn(gate);
        handle.abort();
        executor.runAll();
        assertEquals(0, gate.polls.get());
        assertEquals(1, gate.cancels.get());
        assertThrows(CancellationException.class, () -> Await.blockOn(handle));
    }

    @Test
    void abortedWhileSuspendedTheTaskIsSubmittedToBeCancelled() {
        ManualExecutor executor = new ManualExecutor();
        Gate<String> gate = new Gate<>();
        JoinHandle<String> handle = ExecutorSpawner.on(executor).spawn(gate);
        executor.runAll();
        assertEquals(1, gate.polls.get());
        handle.abort();
        assertEquals(0, gate.cancels.get(), "cancelled by the executor, not by abort's caller");
        executor.runAll();
        assertEquals(1, gate.cancels.get());
        assertEquals(1, gate.polls.get(), "never polled again");
        assertThrows(CancellationException.class, () -> Await.blockOn(handle));
        gate.open("late"); // a wake after the end is harmless
        assertEquals(0, executor.queued());
    }

    @Test
    void whatAnAbortedTasksCancelThrowsIsReportedUnlessItIsTheCancellationItself() {
        ManualExecutor executor = new ManualExecutor();
        List<Throwable> reported = new ArrayList<>();
        ExecutorSpawner spawner = ExecutorSpawner.on(executor, (task, failure) -> reported.add(failure));
        IllegalStateException broken = new IllegalStateException("cancel failed");
        JoinHandle<String> faulty = spawner.spawn(cancelThrowing(broken));
        JoinHandle<String> unwound = spawner.spawn(cancelThrowing(new CancellationException("unwound")));
        executor.runAll();
        faulty.abort();
        unwound.abort();
        executor.runAll();
        assertThrows(CancellationException.class, () -> Await.blockOn(faulty));
        assertThrows(CancellationException.class, () -> Await.blockOn(unwound));
        assertEquals(List.of(broken), reported);
    }

    /** A future that stays pending and whose {@code cancel} throws {@code thrown}. */
    private static Future<String> cancelThrowing(RuntimeException thrown) {
        return new Future<>() {
            @Override
            public Poll<String> poll(dev.jawait.Context cx) {
                return Poll.pending();
            }

            @Override
            public void cancel() {
                throw thrown;
            }
        };
    }

    @Test
    void abortedDuringAPollTheTaskIsCancelledRightAfterIt() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SpawnerScenarios.abortDuringAPollCancelsRightAfterIt(ExecutorSpawner.on(pool));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aFailureReachesTheAwaiterAsItIsAndAnUnobservedOneTheHandler() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            List<Throwable> reported = new ArrayList<>();
            CountDownLatch reportedOne = new CountDownLatch(1);
            ExecutorSpawner spawner = ExecutorSpawner.on(pool, (task, failure) -> {
                reported.add(failure);
                reportedOne.countDown();
            });
            java.io.IOException checked = new java.io.IOException("disk");
            JoinHandle<String> awaited = spawner.spawn(Future.failed(checked));
            assertSame(checked, assertThrows(java.io.IOException.class, () -> Await.blockOn(awaited)));

            IllegalStateException nobodyWaits = new IllegalStateException("lost?");
            spawner.spawn(Future.failed(nobodyWaits)).detach();
            TestSupport.await(reportedOne);
            assertEquals(List.of(nobodyWaits), reported, "only the unobserved failure");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aRejectedSubmissionEndsTheTaskWithTheRejection() throws Exception {
        RejectedExecutionException full = new RejectedExecutionException("queue full");
        Gate<String> neverRun = new Gate<>();
        JoinHandle<String> refused = ExecutorSpawner.on(r -> {
            throw full;
        }).spawn(neverRun);
        assertTrue(refused.isFinished());
        assertSame(full, assertThrows(RejectedExecutionException.class, () -> Await.blockOn(refused)));
        assertEquals(1, neverRun.cancels.get());

        // Accepted at first, then shut down while the task waits: the wake is refused, and the
        // task is cancelled on the waking thread.
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Gate<String> waiting = new Gate<>();
        JoinHandle<String> handle = ExecutorSpawner.on(pool).spawn(waiting);
        TestSupport.eventually("first poll", () -> waiting.polls.get() == 1);
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        waiting.open("too late");
        assertThrows(RejectedExecutionException.class, () -> Await.blockOn(handle));
        assertEquals(1, waiting.cancels.get());

        // An abort whose submission is refused still ends the task as aborted.
        Gate<String> idle = new Gate<>();
        AtomicInteger accepted = new AtomicInteger();
        JoinHandle<String> aborted = ExecutorSpawner.on(r -> {
            if (accepted.getAndIncrement() > 0) {
                throw new RejectedExecutionException("shut down");
            }
            r.run();
        }).spawn(idle);
        aborted.abort();
        assertThrows(CancellationException.class, () -> Await.blockOn(aborted));
        assertEquals(1, idle.cancels.get());
    }

    @Test
    void aTaskWokenDuringItsPollWaitsBehindTheExecutorsOtherWork() {
        ManualExecutor executor = new ManualExecutor();
        ExecutorSpawner spawner = ExecutorSpawner.on(executor);
        List<String> order = new ArrayList<>();
        Future<Void> yielder = Futures.yieldNow();
        spawner.spawn(cx -> {
            order.add("yielder polled");
            return yielder.poll(cx);
        }).detach();
        spawner.spawn(cx -> {
            order.add("other polled");
            return Poll.ready(null);
        }).detach();
        executor.runAll();
        assertEquals(List.of("yielder polled", "other polled", "yielder polled"), order);
    }

    @Test
    void aHandleNamesItsExecutor() {
        ManualExecutor executor = new ManualExecutor();
        JoinHandle<String> handle = ExecutorSpawner.on(executor).spawn(new Gate<>());
        assertTrue(handle.toString().contains("ManualExecutor"), handle.toString());
        assertFalse(handle.isFinished());
    }
}
