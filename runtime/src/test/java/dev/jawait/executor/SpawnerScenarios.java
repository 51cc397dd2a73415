package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.events.TestSupport;
import dev.jawait.executor.LocalTestFutures.Gate;
import dev.jawait.executor.LocalTestFutures.Scripted;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import dev.jawait.task.UnhandledFailureHandler;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Scenarios every spawner must pass, run by each executor's own test. */
final class SpawnerScenarios {
    private SpawnerScenarios() {}

    /**
     * A task aborted from the test thread while a {@code spawner} thread polls it (and the poll
     * wakes it, which would owe another poll): it is cancelled once that poll returns, never
     * during it, and never polled again.
     */
    static void abortDuringAPollCancelsRightAfterIt(Spawner spawner) {
        CountDownLatch inPoll = new CountDownLatch(1);
        CountDownLatch aborted = new CountDownLatch(1);
        Scripted<String> task = new Scripted<>(cx -> {
            inPoll.countDown();
            TestSupport.await(aborted);
            cx.waker().wakeByRef(); // would owe another poll, but the abort wins
            return Poll.pending();
        });
        JoinHandle<String> handle = spawner.spawn(task);
        TestSupport.await(inPoll);
        handle.abort();
        assertEquals(0, task.cancels.get(), "never cancelled during its own poll");
        aborted.countDown();
        assertThrows(CancellationException.class, () -> Await.blockOn(handle));
        assertEquals(1, task.polls.get());
        assertEquals(1, task.cancels.get());
    }

    /**
     * An unhandled-failure handler that opens a gate, as a supervisor might wake the task that
     * restarts failed work. Executors run it on their own thread when they run out of work, just
     * before they park.
     */
    static final class GateOpeningHandler implements UnhandledFailureHandler {
        final Gate<String> gate = new Gate<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void unhandled(Object task, Throwable failure) {
            calls.incrementAndGet();
            gate.open("opened by the handler");
        }
    }

    /**
     * A task that the failure handler wakes runs, with no later event to rouse the executor: the
     * handler runs on the executor's thread as it is about to park, so the executor must look for
     * work once more before it does. {@code spawner} must report unhandled failures to
     * {@code handler}.
     */
    static void aTaskTheFailureHandlerWakesRuns(Spawner spawner, GateOpeningHandler handler) throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Gate<String> gate = handler.gate;
        spawner.spawn(new Future<Void>() {
            @Override
            public Poll<Void> poll(Context cx) {
                Poll<String> p = gate.poll(cx);
                if (p.isPending()) {
                    return Poll.pending();
                }
                seen.complete(p.get());
                return Poll.ready(null);
            }
        }).detach();
        TestSupport.eventually("the waiting task polled", () -> gate.polls.get() > 0);
        spawner.spawn(Future.failed(new IOException("dropped (expected in this test)"))); // handle dropped
        // The failure is reported once its handle is collected, when the executor next runs out
        // of work: each round collects, then gives the executor a task to run out of. Once the
        // handler has run, nothing more happens from here.
        for (int i = 0; i < 500 && handler.calls.get() == 0; i++) {
            System.gc();
            Thread.sleep(10);
            if (handler.calls.get() == 0) {
                spawner.spawn(Future.ready("poke")).detach();
            }
        }
        assertEquals(1, handler.calls.get(), "the dropped handle's failure was reported");
        assertEquals("opened by the handler", seen.get(10, TimeUnit.SECONDS));
    }
}
