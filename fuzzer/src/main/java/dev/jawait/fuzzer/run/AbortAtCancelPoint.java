package dev.jawait.fuzzer.run;

import dev.jawait.Future;
import dev.jawait.fuzzer.rt.Fx;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.concurrent.CompletableFuture;

/**
 * The abort a machine run with a cancel point installs in {@link Fx}: it aborts the task's
 * {@link JoinHandle} from inside the task's own poll. On a work-stealing executor the task may
 * reach its cancel point before {@code spawn} has returned the handle, so the abort waits for it.
 */
final class AbortAtCancelPoint implements Runnable {
    private final CompletableFuture<JoinHandle<?>> handle = new CompletableFuture<>();

    private AbortAtCancelPoint() {}

    /** Spawns {@code future} on {@code executor} with the abort installed; call after {@link Fx#begin}. */
    static <T> JoinHandle<T> spawn(Spawner executor, Future<T> future) {
        AbortAtCancelPoint abort = new AbortAtCancelPoint();
        Fx.onCancelPoint(abort);
        JoinHandle<T> h = executor.spawn(future);
        abort.handle.complete(h);
        return h;
    }

    @Override
    public void run() {
        handle.join().abort();
    }
}
