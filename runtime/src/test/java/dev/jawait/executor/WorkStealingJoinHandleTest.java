package dev.jawait.executor;

import static dev.jawait.executor.WorkStealingTestSupport.await;
import static dev.jawait.executor.WorkStealingTestSupport.awaitTrue;
import static dev.jawait.executor.WorkStealingTestSupport.terminate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.WorkStealingTestSupport.Blocker;
import dev.jawait.executor.WorkStealingTestSupport.Controlled;
import dev.jawait.executor.WorkStealingTestSupport.RecordingHandler;
import dev.jawait.task.JoinHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JoinHandle outcomes, abort at every stage, and the unobserved-failure rule. */
class WorkStealingJoinHandleTest {
    private final RecordingHandler handler = new RecordingHandler();
    private final List<WorkStealingExecutor> executors = new ArrayList<>();

    private WorkStealingExecutor executor(int workers) {
        WorkStealingExecutor ex = WorkStealingExecutor.builder()
                .workers(workers)
                .threadNamePrefix("ws-test-")
                .unhandledFailureHandler(handler)
                .build();
        executors.add(ex);
        return ex;
    }

    @AfterEach
    void shutDown() {
        executors.forEach(WorkStealingTestSupport::terminate);
    }

    @Test
    @Timeout(30)
    void aTaskTheFailureHandlerWakesRuns() throws Exception {
        SpawnerScenarios.GateOpeningHandler wakingHandler = new SpawnerScenarios.GateOpeningHandler();
        WorkStealingExecutor ex = WorkStealingExecutor.builder()
                .workers(1)
                .threadNamePrefix("ws-handler-wakes-")
                .unhandledFailureHandler(wakingHandler)
                .build();
        executors.add(ex); // terminated with a bounded wait: a task stranded on the worker keeps close() waiting
        SpawnerScenarios.aTaskTheFailureHandlerWakesRuns(ex, wakingHandler);
    }

    // ---------------------------------------------------------------- outcomes

    @Test
    @Timeout(10)
    void handleYieldsTheValue() {
        WorkStealingExecutor ex = executor(2);
        JoinHandle<String> h = ex.spawn(Future.ready("v"));
        assertEquals("v", Await.blockOn(h));
        assertTrue(h.isFinished());
        assertEquals(42, ex.blockOn(Future.ready(42)));
    }

    @Test
    @Timeout(10)
    void checkedFailurePropagatesUnwrapped() {
        WorkStealingExecutor ex = executor(2);
        IOException boom = new IOException("boom");
        JoinHandle<Object> h = ex.spawn(Future.failed(boom));
        IOException thrown = assertThrows(IOException.class, () -> Await.blockOn(h));
        assertSame(boom, thrown);
        IllegalArgumentException iae = new IllegalArgumentException("bad");
        assertSame(iae, assertThrows(IllegalArgumentException.class, () -> ex.blockOn(Future.failed(iae))));
        assertSame(boom, assertThrows(IOException.class, () -> ex.blockOn(cx -> {
            throw dev.jawait.internal.Sneaky.<RuntimeException>sneak(boom);
        })));
        assertTrue(handler.failures.isEmpty(), "observed failures must not be reported");
    }

    @Test
    @Timeout(10)
    void failureAfterSuspendingReachesTheAwaiter() {
        WorkStealingExecutor ex = executor(2);
        Controlled<String> f = new Controlled<>();
        JoinHandle<String> h = ex.spawn(f);
        await(f.firstPoll);
        IOException boom = new IOException("later");
        f.fail(boom);
        assertSame(boom, assertThrows(IOException.class, () -> Await.blockOn(h)));
    }

    @Test
    @Timeout(10)
    void pollOfAFinishedHandleThrowsIllegalState() {
        WorkStealingExecutor ex = executor(1);
        JoinHandle<Integer> h = ex.spawn(Future.ready(1));
        assertEquals(1, Await.blockOn(h));
        assertThrows(IllegalStateException.class, () -> h.poll(Context.of(Waker.noop())));
        JoinHandle<Object> failed = ex.spawn(Future.failed(new IOException()));
        assertThrows(IOException.class, () -> Await.blockOn(failed));
        assertThrows(IllegalStateException.class, () -> failed.poll(Context.of(Waker.noop())));
    }

    @Test
    @Timeout(10)
    void handleAwaitedFromAnotherTaskWakesIt() {
        WorkStealingExecutor ex = executor(2);
        Controlled<Integer> child = new Controlled<>();
        JoinHandle<Integer> childHandle = ex.spawn(child);
        JoinHandle<Integer> parent = ex.spawn(cx -> {
            Poll<Integer> p = childHandle.poll(cx);
            return p.isReady() ? Poll.ready(p.get() + 1) : Poll.pending();
        });
        await(child.firstPoll);
        child.complete(41);
        assertEquals(42, Await.blockOn(parent));
    }

    // ---------------------------------------------------------------- abort at every stage

    @Test
    @Timeout(10)
    void abortBeforeTheFirstPollNeverPollsAndCancelsTheFuture() {
        WorkStealingExecutor ex = executor(1);
        Blocker blocker = new Blocker();
        ex.spawn(blocker);
        await(blocker.entered); // the only worker is busy: the next task stays queued
        Controlled<String> f = new Controlled<>();
        JoinHandle<String> h = ex.spawn(f);
        h.abort();
        blocker.release.countDown();
        assertThrows(CancellationException.class, () -> Await.blockOn(h));
        assertEquals(0, f.polls());
        assertEquals(1, f.cancels.get());
        assertTrue(h.isFinished());
    }

    @Test
    @Timeout(10)
    void abortWhileSuspendedCancelsOnAWorker() {
        WorkStealingExecutor ex = executor(2);
        Controlled<String> f = new Controlled<>();
        JoinHandle<String> h = ex.spawn(f);
        await(f.firstPoll);
        awaitTrue("suspended", 5, () -> ex.liveTaskCount() == 1 && ex.queuedTaskCount() == 0);
        h.abort();
        await(f.cancelled);
        assertThrows(CancellationException.class, () -> Await.blockOn(h));
        assertEquals(1, f.cancels.get());
        assertEquals(1, f.polls());
        assertTrue(f.cancelThread.get().getName().startsWith("ws-test-"), f.cancelThread.get().getName());
    }

    @Test
    @Timeout(10)
    void abortWhileRunningCancelsAfterTheCurrentPoll() {
        WorkStealingExecutor ex = executor(2);
        Controlled<String> f = new Controlled<>();
        CountDownLatch hold = new CountDownLatch(1);
        f.holdFirstPoll = hold;
        JoinHandle<String> h = ex.spawn(f);
        await(f.insideFirstPoll);
        h.abort();
        assertEquals(0, f.cancels.get(), "cancel must wait for the poll to return");
        assertFalse(h.isFinished());
        hold.countDown();
        assertThrows(CancellationException.class, () -> Await.blockOn(h));
        assertEquals(1, f.polls());
        assertEquals(1, f.cancels.get());
    }

    @Test
    @Timeout(10)
    void abortRacingTheFinalPollKeepsTheOutcome() {
        WorkStealingExecutor ex = executor(2);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        JoinHandle<String> h = ex.spawn(cx -> {
            inside.countDown();
            await(go);
            return Poll.ready("finished");
        });
        await(inside);
        h.abort();
        go.countDown();
        assertEquals("finished", Await.blockOn(h));
    }

    @Test
    @Timeout(10)
    void abortAfterCompletionDoesNothing() {
        WorkStealingExecutor ex = executor(2);
        JoinHandle<String> h = ex.spawn(Future.ready("kept"));
        awaitTrue("finished", 5, h::isFinished);
        h.abort();
        assertEquals("kept", Await.blockOn(h));
    }

    @Test
    @Timeout(20)
    void concurrentAbortsFromManyThreadsCancelOnce() throws Exception {
        WorkStealingExecutor ex = executor(2);
        for (int round = 0; round < 200; round++) {
            Controlled<String> f = new Controlled<>();
            JoinHandle<String> h = ex.spawn(f);
            await(f.firstPoll);
            CyclicBarrier barrier = new CyclicBarrier(4);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    h.abort();
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThrows(CancellationException.class, () -> Await.blockOn(h));
            assertEquals(1, f.cancels.get());
        }
    }

    @Test
    @Timeout(10)
    void cancelOfTheHandleOnlyStopsWaiting() {
        WorkStealingExecutor ex = executor(2);
        Controlled<String> f = new Controlled<>();
        JoinHandle<String> h = ex.spawn(f);
        await(f.firstPoll);
        h.cancel();
        f.complete("ran anyway");
        awaitTrue("task completed", 5, h::isFinished);
        assertEquals(0, f.cancels.get(), "the task ran to completion, not cancelled");
    }

    @Test
    @Timeout(10)
    void interruptedBlockOnAbortsTheTask() throws Exception {
        WorkStealingExecutor ex = executor(2);
        Controlled<String> f = new Controlled<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                ex.blockOn(f);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        await(f.firstPoll);
        caller.interrupt();
        caller.join();
        assertTrue(thrown.get() instanceof CancellationException, String.valueOf(thrown.get()));
        await(f.cancelled);
    }

    @Test
    @Timeout(10)
    void blockOnFromAWorkerIsRefused() {
        WorkStealingExecutor ex = executor(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Await.blockOn(ex.spawn(cx -> {
            try {
                ex.blockOn(Future.ready(1));
            } catch (Throwable t) {
                thrown.set(t);
            }
            return Poll.ready(null);
        }));
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
    }

    // ---------------------------------------------------------------- unobserved failures

    @Test
    @Timeout(10)
    void failureOfADetachedHandleIsReportedOnce() {
        WorkStealingExecutor ex = executor(2);
        Controlled<String> f = new Controlled<>();
        JoinHandle<String> h = ex.spawn(f);
        await(f.firstPoll);
        h.cancel();
        IOException boom = new IOException("detached");
        f.fail(boom);
        awaitTrue("reported", 5, () -> handler.failures.size() == 1);
        assertSame(boom, handler.failures.get(0));
        assertSame(f, handler.tasks.get(0), "the handler names the spawned future");
        terminate(ex);
        assertEquals(1, handler.failures.size(), "reported again at termination");
    }

    @Test
    @Timeout(30)
    void failureOfAGarbageCollectedHandleIsReportedOnce() {
        WorkStealingExecutor ex = executor(2);
        IOException boom = new IOException("handle dropped");
        ex.spawn(Future.failed(boom)); // handle ignored
        awaitTrue("reported", 20, () -> {
            System.gc();
            // Workers report collected handles when they run out of work: give them some.
            Await.blockOn(ex.spawn(Future.ready(null)));
            return handler.failures.size() == 1;
        });
        terminate(ex);
        assertEquals(List.of(boom), handler.failures);
    }

    @Test
    @Timeout(10)
    void detachIsCancelUnderItsIntendedName() {
        WorkStealingExecutor ex = executor(2);
        Controlled<String> f = new Controlled<>();
        JoinHandle<String> h = ex.spawn(f);
        await(f.firstPoll);
        h.detach();
        RuntimeException boom = new RuntimeException("fire and forget");
        f.fail(boom);
        awaitTrue("reported", 5, () -> handler.failures.size() == 1);
        assertSame(boom, handler.failures.get(0));
        assertEquals(0, f.cancels.get());
    }

    @Test
    @Timeout(10)
    void cancellationExceptionIsNotAFailureToReport() {
        WorkStealingExecutor ex = executor(2);
        ex.spawn(Future.failed(new CancellationException("from inside"))).detach();
        ex.spawnDetached(Future.failed(new CancellationException("detached")));
        JoinHandle<Object> h = ex.spawn(Future.failed(new CancellationException("kept")));
        awaitTrue("finished", 5, h::isFinished);
        terminate(ex);
        assertTrue(handler.failures.isEmpty(), String.valueOf(handler.failures));
        assertThrows(CancellationException.class, () -> Await.blockOn(h));
    }

    @Test
    @Timeout(10)
    void failureReportedWhenTheHandleIsCancelledAfterIt() {
        WorkStealingExecutor ex = executor(2);
        IOException boom = new IOException("first fail, then detach");
        JoinHandle<Object> h = ex.spawn(Future.failed(boom));
        awaitTrue("failed", 5, h::isFinished);
        assertTrue(handler.failures.isEmpty(), "not yet: the handle may still be awaited");
        h.cancel();
        h.cancel();
        assertEquals(List.of(boom), handler.failures);
        terminate(ex);
        assertEquals(1, handler.failures.size());
    }

    @Test
    @Timeout(10)
    void failureNeverObservedIsReportedOnceAtTermination() {
        WorkStealingExecutor ex = executor(2);
        IOException boom = new IOException("nobody looked");
        JoinHandle<Object> h = ex.spawn(Future.failed(boom));
        awaitTrue("failed", 5, h::isFinished);
        assertTrue(handler.failures.isEmpty());
        terminate(ex);
        assertEquals(List.of(boom), handler.failures);
        // A late await still receives it, and it is not reported again.
        assertSame(boom, assertThrows(IOException.class, () -> Await.blockOn(h)));
        h.cancel();
        assertEquals(1, handler.failures.size());
    }

    @Test
    @Timeout(10)
    void observedFailureIsNeverReported() {
        WorkStealingExecutor ex = executor(2);
        JoinHandle<Object> h = ex.spawn(Future.failed(new IOException()));
        assertThrows(IOException.class, () -> Await.blockOn(h));
        h.cancel();
        terminate(ex);
        assertTrue(handler.failures.isEmpty());
    }

    @Test
    @Timeout(10)
    void detachedSpawnFailureIsReportedOnce() {
        WorkStealingExecutor ex = executor(2);
        IllegalStateException boom = new IllegalStateException("detached spawn");
        ex.spawnDetached(Future.failed(boom));
        awaitTrue("reported", 5, () -> handler.failures.size() == 1);
        terminate(ex);
        assertEquals(List.of(boom), handler.failures);
    }

    /**
     * A cancel that is still running (here: dropping the handle's waiter) when the task fails keeps
     * the handle's reference: the worker that finishes the task must not release it, since the
     * cancel may still read the cell (to report a failure it finds done) and the object could
     * otherwise be reused under it. The cancel releases it once it returns.
     */
    @Test
    @Timeout(10)
    void cancelKeepsTheTaskObjectUntilItReturns() throws Exception {
        WorkStealingExecutor ex = executor(2);
        Controlled<String> f = new Controlled<>();
        JoinHandle<String> h = ex.spawn(f);
        await(f.firstPoll);
        WsTask t = ((WsJoinHandle<String>) h).taskObject();
        CountDownLatch inDrop = new CountDownLatch(1);
        CountDownLatch finishDrop = new CountDownLatch(1);
        Waker slowToDrop = new Waker() {
            @Override
            public void wakeByRef() {}

            @Override
            public void drop() {
                inDrop.countDown();
                await(finishDrop);
            }
        };
        assertTrue(h.poll(Context.of(slowToDrop)).isPending());
        Thread canceller = new Thread(h::cancel, "canceller");
        canceller.start();
        await(inDrop); // the cancel has marked the handle abandoned and is dropping the waiter

        f.fail(new IOException("while the handle is being cancelled"));
        awaitTrue("failure reported", 5, () -> handler.failures.size() == 1);
        awaitTrue("task complete", 5, t::isComplete);
        assertSame(t, ((WsJoinHandle<String>) h).taskObject(), "the cancel in progress still holds the task");
        assertEquals(1, t.referenceCount());

        finishDrop.countDown();
        canceller.join();
        assertEquals(null, ((WsJoinHandle<String>) h).taskObject());
        assertEquals(0, t.referenceCount());
        h.cancel(); // a second cancel touches nothing
        assertEquals(0, t.referenceCount());
        assertEquals(1, handler.failures.size());
    }

    @Test
    @Timeout(20)
    void detachRacingFailureReportsExactlyOnce() throws Exception {
        WorkStealingExecutor ex = executor(2);
        int rounds = 500;
        for (int i = 0; i < rounds; i++) {
            Controlled<String> f = new Controlled<>();
            JoinHandle<String> h = ex.spawn(f);
            await(f.firstPoll);
            CyclicBarrier barrier = new CyclicBarrier(2);
            Thread detacher = new Thread(() -> {
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                h.cancel();
            });
            detacher.start();
            barrier.await();
            f.fail(new IOException("round " + i));
            detacher.join();
            int expected = i + 1;
            awaitTrue("round " + i + " reported", 5, () -> handler.failures.size() >= expected);
        }
        terminate(ex);
        assertEquals(rounds, handler.failures.size());
    }

    @Test
    @Timeout(10)
    void exceptionFromCancelIsReported() {
        cancelThrows(new RuntimeException("cancel failed"), true);
    }

    @Test
    @Timeout(10)
    void cancellationExceptionFromCancelIsNotAFailure() {
        cancelThrows(new CancellationException("the unwinding's own signal"), false);
    }

    private void cancelThrows(RuntimeException boom, boolean reported) {
        WorkStealingExecutor ex = executor(1);
        Blocker blocker = new Blocker();
        ex.spawn(blocker);
        await(blocker.entered);
        AtomicInteger cancels = new AtomicInteger();
        JoinHandle<Object> h = ex.spawn(new Future<>() {
            @Override
            public Poll<Object> poll(Context cx) {
                return Poll.pending();
            }

            @Override
            public void cancel() {
                cancels.incrementAndGet();
                throw boom;
            }
        });
        h.abort();
        blocker.release.countDown();
        assertThrows(CancellationException.class, () -> Await.blockOn(h));
        assertEquals(1, cancels.get());
        terminate(ex); // reports every failure still pending: none may be left behind
        assertEquals(reported ? List.of(boom) : List.of(), handler.failures);
    }
}
