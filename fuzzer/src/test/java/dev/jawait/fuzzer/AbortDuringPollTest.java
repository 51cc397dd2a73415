package dev.jawait.fuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What cancel runs rely on (see {@code Fx.onCancelPoint}): a task that is aborted from inside its
 * own poll is cancelled once that poll returns pending and never polled again, whichever wake
 * raced with the abort: none, a wake on the polling thread (by reference or through a clone), or
 * one from another thread, before or after the abort.
 */
@Timeout(120)
class AbortDuringPollTest {
    /** How the future wakes its task during the poll that aborts it. */
    enum Wake { NONE, BY_REF, CLONE, OTHER_THREAD_BEFORE, OTHER_THREAD_AFTER }

    /** Pending once; wakes as told and aborts its own task during that poll. */
    static final class AbortsItself implements Future<Integer> {
        final CompletableFuture<JoinHandle<?>> handle = new CompletableFuture<>();
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();
        final Wake wake;

        AbortsItself(Wake wake) {
            this.wake = wake;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            if (polls.incrementAndGet() > 1) {
                return Poll.ready(-1); // polled again after the abort: the handle returns a value
            }
            Waker w = cx.waker();
            switch (wake) {
                case BY_REF: w.wakeByRef(); break;
                case CLONE: w.clone().wake(); break;
                case OTHER_THREAD_BEFORE: inThread(w.clone()).join(); break;
                default: break;
            }
            handle.join().abort();
            if (wake == Wake.OTHER_THREAD_AFTER) {
                inThread(w.clone()); // races with the executor's handling of the abort
            }
            return Poll.pending();
        }

        private static CompletableFuture<Void> inThread(Waker w) {
            return CompletableFuture.runAsync(w::wake, r -> new Thread(r).start());
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    }

    private static void check(Spawner executor, Function<JoinHandle<?>, Object> await, int times) {
        for (Wake wake : Wake.values()) {
            for (int i = 0; i < times; i++) {
                AbortsItself f = new AbortsItself(wake);
                JoinHandle<Integer> h = executor.spawn(f);
                f.handle.complete(h);
                CancellationException e = assertThrows(CancellationException.class, () -> await.apply(h), wake.name());
                assertEquals("the task was aborted", e.getMessage());
                assertEquals(1, f.polls.get(), wake + ": polled after the abort");
                assertEquals(1, f.cancels.get(), wake + ": cancelled once");
            }
        }
    }

    @Test
    void localExecutorCancelsAfterThePollThatAborted() {
        try (LocalExecutor local = LocalExecutor.create((task, failure) -> { })) {
            check(local, local::blockOn, 200);
        }
    }

    @Test
    void workStealingExecutorCancelsAfterThePollThatAborted() {
        try (WorkStealingExecutor ws = WorkStealingExecutor.builder().workers(2).daemon(true)
                .unhandledFailureHandler((task, failure) -> { }).build()) {
            check(ws, Await::blockOn, 500);
        }
    }
}
