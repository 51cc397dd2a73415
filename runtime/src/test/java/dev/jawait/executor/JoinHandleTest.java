package dev.jawait.executor;

import static dev.jawait.executor.LocalTestFutures.yields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.LocalTestFutures.Gate;
import dev.jawait.executor.LocalTestFutures.Scripted;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.UnhandledFailureHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@link JoinHandle} of {@link LocalExecutor} tasks: outcomes, abort, unobserved failures. */
class JoinHandleTest {
    private static final Context NOOP = Context.of(Waker.noop());

    /** An {@link UnhandledFailureHandler} that records what it receives. */
    static final class Recorder implements UnhandledFailureHandler {
        final List<Object> tasks = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void unhandled(Object task, Throwable failure) {
            tasks.add(task);
            failures.add(failure);
        }
    }

    // ---- outcomes ----

    @Test
    @Timeout(10)
    void awaitingAHandleRethrowsACheckedFailureUnwrapped() {
        LocalExecutor exec = LocalExecutor.create();
        IOException boom = new IOException("boom");
        JoinHandle<Object> handle = exec.spawn(cx -> {
            throw sneaky(boom);
        });
        assertSame(boom, assertThrows(IOException.class, () -> exec.blockOn(handle)));
    }

    @Test
    @Timeout(10)
    void aHandleAwaitedFromAnotherThreadGetsTheValueAndTheFailure() throws Exception {
        LocalExecutor exec = LocalExecutor.startOnNewThread("join-handle-test");
        try {
            Gate<String> gate = new Gate<>();
            JoinHandle<String> ok = exec.spawn(gate);
            IOException boom = new IOException("boom");
            Gate<Void> failGate = new Gate<>();
            JoinHandle<Void> failing = exec.spawn(cx -> {
                if (failGate.poll(cx).isPending()) {
                    return Poll.pending();
                }
                throw sneaky(boom);
            });
            Thread opener = new Thread(() -> {
                gate.open("value");
                failGate.open(null);
            });
            opener.start();
            assertEquals("value", Await.blockOn(ok));
            assertSame(boom, assertThrows(IOException.class, () -> Await.blockOn(failing)));
            opener.join();
        } finally {
            exec.close();
        }
    }

    @Test
    @Timeout(10)
    void pollingAHandleAgainAfterItReturnedThrowsIllegalState() {
        LocalExecutor exec = LocalExecutor.create();
        JoinHandle<Integer> value = exec.spawn(Future.ready(1));
        JoinHandle<Integer> failure = exec.spawn(Future.failed(new IllegalArgumentException()));
        JoinHandle<Integer> aborted = exec.spawn(new Gate<>());
        aborted.abort();
        assertEquals(1, exec.blockOn(value));
        assertThrows(IllegalArgumentException.class, () -> exec.blockOn(failure));
        assertThrows(CancellationException.class, () -> exec.blockOn(aborted));
        assertThrows(IllegalStateException.class, () -> value.poll(NOOP));
        assertThrows(IllegalStateException.class, () -> failure.poll(NOOP));
        assertThrows(IllegalStateException.class, () -> aborted.poll(NOOP));
    }

    @Test
    @Timeout(10)
    void cancellingAHandleStopsWaitingButTheTaskRunsOn() {
        LocalExecutor exec = LocalExecutor.create();
        Gate<String> gate = new Gate<>();
        JoinHandle<String> handle = exec.spawn(gate);
        Future<Void> main = cx -> {
            if (handle.poll(cx).isReady()) {
                throw new AssertionError("not yet");
            }
            handle.cancel(); // the awaiting machine was cancelled: stop waiting, do not abort
            return Poll.ready(null);
        };
        exec.blockOn(main);
        gate.open("still ran");
        exec.blockOn(yields(2));
        assertTrue(handle.isFinished());
        assertEquals(0, gate.cancels.get());
        assertEquals(2, gate.polls.get());
    }

    // ---- abort at every stage ----

    @Test
    @Timeout(10)
    void abortBeforeTheFirstPollCancelsWithoutPolling() {
        LocalExecutor exec = LocalExecutor.create();
        Scripted<String> task = new Scripted<>(cx -> Poll.ready("never"));
        Future<Void> main = cx -> {
            JoinHandle<String> handle = exec.spawn(task);
            handle.abort(); // same thread, before the task was polled
            return Poll.ready(null);
        };
        exec.blockOn(main);
        exec.blockOn(yields(1));
        assertEquals(0, task.polls.get());
        assertEquals(1, task.cancels.get());
        assertEquals(0, exec.taskCount());
    }

    @Test
    @Timeout(10)
    void abortOfASpawnStillInTheInboxCancelsWithoutPolling() {
        LocalExecutor exec = LocalExecutor.create();
        Scripted<String> task = new Scripted<>(cx -> Poll.ready("never"));
        JoinHandle<String> handle = exec.spawn(task); // no thread runs it: the spawn waits in the inbox
        handle.abort();
        assertThrows(CancellationException.class, () -> exec.blockOn(handle));
        assertEquals(0, task.polls.get());
        assertEquals(1, task.cancels.get());
    }

    @Test
    @Timeout(10)
    void abortWhileSuspendedRunsTheTasksCancel() {
        LocalExecutor exec = LocalExecutor.create();
        Gate<String> sameThread = new Gate<>();
        Gate<String> otherThread = new Gate<>();
        JoinHandle<String> a = exec.spawn(sameThread);
        JoinHandle<String> b = exec.spawn(otherThread);
        exec.blockOn(yields(1));
        assertEquals(1, sameThread.polls.get());
        exec.blockOn(cx -> {
            a.abort(); // from a task on the executor thread
            return Poll.ready(null);
        });
        b.abort(); // while no thread runs the executor
        assertThrows(CancellationException.class, () -> exec.blockOn(a));
        assertThrows(CancellationException.class, () -> exec.blockOn(b));
        assertEquals(1, sameThread.cancels.get());
        assertEquals(1, otherThread.cancels.get());
        assertEquals(1, sameThread.polls.get());
        assertEquals(1, otherThread.polls.get());
    }

    @Test
    @Timeout(10)
    void aTaskAbortingItselfIsCancelledRightAfterItsPoll() {
        LocalExecutor exec = LocalExecutor.create();
        AtomicReference<JoinHandle<String>> self = new AtomicReference<>();
        Scripted<String> task = new Scripted<>(cx -> {
            self.get().abort();
            return Poll.pending();
        });
        self.set(exec.spawn(task));
        assertThrows(CancellationException.class, () -> exec.blockOn(self.get()));
        assertEquals(1, task.polls.get());
        assertEquals(1, task.cancels.get());
    }

    @Test
    @Timeout(10)
    void abortFromAnotherThreadDuringAPollCancelsAfterIt() {
        LocalExecutor exec = LocalExecutor.startOnNewThread("abort-while-running");
        try {
            SpawnerScenarios.abortDuringAPollCancelsRightAfterIt(exec);
        } finally {
            exec.close();
        }
    }

    @Test
    @Timeout(10)
    void abortAfterCompletionDoesNothing() {
        LocalExecutor exec = LocalExecutor.create();
        Scripted<String> task = new Scripted<>(cx -> Poll.ready("done"));
        JoinHandle<String> handle = exec.spawn(task);
        exec.blockOn(yields(1));
        assertTrue(handle.isFinished());
        handle.abort();
        assertEquals("done", exec.blockOn(handle));
        assertEquals(0, task.cancels.get());
    }

    @Test
    @Timeout(20)
    void concurrentAbortsFromManyThreadsCancelExactlyOnce() throws Exception {
        LocalExecutor exec = LocalExecutor.startOnNewThread("concurrent-aborts");
        try {
            for (int round = 0; round < 200; round++) {
                Gate<String> gate = new Gate<>();
                JoinHandle<String> handle = exec.spawn(gate);
                while (gate.polls.get() == 0) {
                    Thread.onSpinWait();
                }
                int n = 4;
                CyclicBarrier start = new CyclicBarrier(n);
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Thread t = new Thread(() -> {
                        await(start);
                        handle.abort();
                    });
                    t.start();
                    threads.add(t);
                }
                for (Thread t : threads) {
                    t.join();
                }
                assertThrows(CancellationException.class, () -> Await.blockOn(handle));
                assertEquals(1, gate.cancels.get(), "round " + round);
            }
        } finally {
            exec.close();
        }
    }

    // ---- unobserved failures ----

    @Test
    @Timeout(10)
    void aDetachedTasksFailureIsReportedOnceWhenItHappens() {
        Recorder recorder = new Recorder();
        LocalExecutor exec = LocalExecutor.create(recorder);
        IOException boom = new IOException("boom");
        Gate<Void> gate = new Gate<>();
        Future<Void> task = failAfter(gate, boom);
        exec.spawn(task).detach();
        exec.blockOn(yields(1));
        assertEquals(0, recorder.failures.size());
        gate.open(null);
        exec.blockOn(yields(1));
        assertEquals(List.of(boom), recorder.failures);
        assertEquals(List.of(task), recorder.tasks, "the handler is told which future failed");
        exec.close();
        assertEquals(1, recorder.failures.size());
    }

    @Test
    @Timeout(10)
    void aFailureIsReportedOnceWhenItsHandleIsCancelledAfterwards() {
        Recorder recorder = new Recorder();
        LocalExecutor exec = LocalExecutor.create(recorder);
        IOException boom = new IOException("boom");
        JoinHandle<Object> handle = exec.spawn(Future.failed(boom));
        exec.blockOn(yields(1));
        assertEquals(0, recorder.failures.size(), "the handle may still be awaited");
        handle.cancel();
        handle.cancel();
        handle.detach();
        assertEquals(List.of(boom), recorder.failures);
        exec.close();
        assertEquals(1, recorder.failures.size());
    }

    @Test
    @Timeout(10)
    void aFailureNeverObservedIsReportedOnceAtShutdown() {
        Recorder recorder = new Recorder();
        LocalExecutor exec = LocalExecutor.create(recorder);
        IOException boom = new IOException("boom");
        JoinHandle<Object> handle = exec.spawn(Future.failed(boom));
        exec.blockOn(yields(1));
        assertEquals(0, recorder.failures.size());
        exec.close();
        assertEquals(List.of(boom), recorder.failures);
        exec.close();
        handle.cancel();
        assertEquals(1, recorder.failures.size());
        // Still awaitable after the report.
        assertSame(boom, assertThrows(IOException.class, () -> Await.blockOn(handle)));
    }

    @Test
    @Timeout(10)
    void anObservedFailureIsNeverReported() {
        Recorder recorder = new Recorder();
        LocalExecutor exec = LocalExecutor.create(recorder);
        JoinHandle<Object> handle = exec.spawn(Future.failed(new IOException()));
        assertThrows(IOException.class, () -> exec.blockOn(handle));
        handle.cancel();
        exec.close();
        assertEquals(0, recorder.failures.size());
    }

    @Test
    @Timeout(30)
    void theFailureOfADroppedHandleIsReportedAfterItIsCollected() throws Exception {
        Recorder recorder = new Recorder();
        LocalExecutor exec = LocalExecutor.create(recorder);
        IOException boom = new IOException("dropped");
        exec.spawn(Future.failed(boom)); // handle ignored: fire and forget without detach()
        exec.blockOn(yields(1));
        for (int i = 0; i < 200 && recorder.failures.isEmpty(); i++) {
            System.gc();
            Thread.sleep(10);
            exec.blockOn(Future.ready(null));
        }
        assertEquals(List.of(boom), recorder.failures);
        exec.close();
        assertEquals(1, recorder.failures.size());
    }

    @Test
    @Timeout(30)
    void aTaskTheFailureHandlerWakesRuns() throws Exception {
        SpawnerScenarios.GateOpeningHandler handler = new SpawnerScenarios.GateOpeningHandler();
        LocalExecutor exec = LocalExecutor.startOnNewThread("local-handler-wakes", handler);
        try {
            SpawnerScenarios.aTaskTheFailureHandlerWakesRuns(exec, handler);
        } finally {
            exec.close();
        }
    }

    @Test
    @Timeout(10)
    void aTaskEndingWithCancellationIsNotReported() {
        Recorder recorder = new Recorder();
        LocalExecutor exec = LocalExecutor.create(recorder);
        JoinHandle<Object> handle = exec.spawn(Future.failed(new CancellationException("gave up")));
        exec.blockOn(yields(1));
        handle.detach();
        exec.close();
        assertEquals(0, recorder.failures.size());
        assertThrows(CancellationException.class, () -> Await.blockOn(handle));
    }

    @Test
    @Timeout(10)
    void aHandlerThatThrowsDoesNotBreakTheExecutor() {
        LocalExecutor exec = LocalExecutor.create((task, failure) -> {
            throw new IllegalStateException("faulty handler (expected in this test)");
        });
        exec.spawn(Future.failed(new IOException("expected in this test"))).detach();
        assertEquals(3, exec.blockOn(yieldThen(3)));
        exec.close();
    }

    @Test
    @Timeout(30)
    void aFailureRacingADetachIsReportedExactlyOnce() throws Exception {
        Recorder recorder = new Recorder();
        LocalExecutor exec = LocalExecutor.startOnNewThread("failure-vs-detach", recorder);
        int rounds = 2000;
        try {
            for (int i = 0; i < rounds; i++) {
                Gate<Void> gate = new Gate<>();
                JoinHandle<Void> handle = exec.spawn(failAfter(gate, new IOException("round " + i)));
                while (gate.polls.get() == 0) {
                    Thread.onSpinWait();
                }
                CyclicBarrier start = new CyclicBarrier(2);
                Thread opener = new Thread(() -> {
                    await(start);
                    gate.open(null); // the task fails on the executor thread
                });
                opener.start();
                await(start);
                handle.detach();
                opener.join();
            }
            // Every task has failed once the executor has processed everything before this.
            Await.blockOn(exec.spawn(Future.ready(null)));
            while (recorder.failures.size() < rounds) {
                Thread.sleep(1);
            }
        } finally {
            exec.close();
        }
        assertEquals(rounds, recorder.failures.size());
    }

    // ---- helpers ----

    private static Future<Void> failAfter(Gate<Void> gate, Throwable failure) {
        return cx -> {
            if (gate.poll(cx).isPending()) {
                return Poll.pending();
            }
            throw sneaky(failure);
        };
    }

    private static Future<Integer> yieldThen(int value) {
        Future<Void> y = yields(1);
        return cx -> y.poll(cx).isReady() ? Poll.ready(value) : Poll.pending();
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable t) throws X {
        throw (X) t;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
