package dev.jawait;

import dev.jawait.internal.StageFuture;
import java.util.concurrent.CompletionStage;

/**
 * Bridges between jawait futures and {@link CompletionStage}s.
 */
public final class Futures {
    private Futures() {}

    /**
     * A future that completes when {@code stage} does, with its value, or throws its failure
     * without the {@link java.util.concurrent.CompletionException} /
     * {@link java.util.concurrent.ExecutionException} wrapper. Cancelling the returned future stops
     * waiting but does not cancel {@code stage}, which may be shared.
     */
    public static <T> Future<T> fromStage(CompletionStage<T> stage) {
        return new StageFuture<>(stage);
    }
}
