package dev.jawait.internal;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;

/**
 * The future behind {@link Future#ready} and {@link Future#failed}: an outcome known up front.
 * Not part of the API; the processor recognises it to make {@code return Future.ready(v)} free.
 *
 * @param <T> the type of the value
 */
public final class CompletedFuture<T> implements Future<T> {
    private static final CompletedFuture<?> NULL = new CompletedFuture<>(null, null);

    private final T value;
    private final Throwable failure;
    /**
     * The ready outcome, made at the first poll and reused: a future that is awaited again and
     * again (a cached constant) costs no allocation. A racy first poll may make two; both are
     * immutable (final fields), so either is safe to hand out.
     */
    private Poll<T> ready;

    private CompletedFuture(T value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    /** A future complete with {@code value}. */
    @SuppressWarnings("unchecked")
    public static <T> CompletedFuture<T> of(T value) {
        return value == null ? (CompletedFuture<T>) NULL : new CompletedFuture<>(value, null);
    }

    /** A future failed with {@code failure}. */
    public static <T> CompletedFuture<T> failed(Throwable failure) {
        return new CompletedFuture<>(null, failure);
    }

    @Override
    public Poll<T> poll(Context cx) {
        if (failure != null) {
            throw Sneaky.<RuntimeException>sneak(failure);
        }
        Poll<T> p = ready;
        if (p == null) {
            p = Poll.ready(value);
            ready = p;
        }
        return p;
    }

    /** Whether this future holds a failure. */
    public boolean isFailed() {
        return failure != null;
    }

    @Override
    public String toString() {
        return failure != null ? "Future.failed(" + failure + ")" : "Future.ready(" + value + ")";
    }
}
