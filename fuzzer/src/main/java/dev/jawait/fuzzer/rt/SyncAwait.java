package dev.jawait.fuzzer.rt;

import dev.jawait.Await;
import dev.jawait.Future;

/**
 * The synchronous twin's {@code await}: takes the predetermined outcome of an {@link Fx#v} future
 * (its value, or its failure thrown unwrapped), and blocks on any other future (the twin's own
 * {@code @Async} methods, compiled without the processor, return completed futures).
 */
public final class SyncAwait {
    private SyncAwait() {}

    /** The value of {@code future}, or its failure thrown. */
    public static <T> T await(Future<T> future) {
        if (future instanceof Fx.FxFuture) {
            return ((Fx.FxFuture<T>) future).outcome().get();
        }
        return Await.blockOn(future);
    }

    /** As {@link #await(Future)}, declaring the checked failure {@code X}. */
    public static <T, X extends Throwable> T await(Future<T> future, Class<X> mayThrow) throws X {
        return await(future);
    }
}
