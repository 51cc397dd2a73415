package dev.jawait.processor.testing;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.Futures;
import java.util.concurrent.CompletionStage;

/**
 * The synchronous twin's {@code await}: blocks until the future completes. A test source compiled
 * with this import instead of {@code dev.jawait.Await.await} (and without the processor) is the
 * reference behaviour the state machine must reproduce.
 */
public final class SyncAwait {
    private SyncAwait() {}

    public static <T> T await(Future<T> future) {
        return Await.blockOn(future);
    }

    public static <T> T await(CompletionStage<T> stage) {
        return Await.blockOn(Futures.fromStage(stage));
    }

    public static <T, X extends Throwable> T await(Future<T> future, Class<X> mayThrow) throws X {
        return Await.blockOn(future);
    }

    public static <T, X extends Throwable> T await(CompletionStage<T> stage, Class<X> mayThrow) throws X {
        return Await.blockOn(Futures.fromStage(stage));
    }
}
