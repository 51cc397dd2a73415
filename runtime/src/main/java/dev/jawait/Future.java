package dev.jawait;

import dev.jawait.internal.CompletedFuture;
import java.util.Objects;

/**
 * A value that becomes available later, computed by being polled (Rust's {@code Future}).
 *
 * <p>An executor calls {@link #poll(Context)}; the future either returns {@link Poll#ready(Object)
 * ready} with its value, throws its failure (unwrapped, checked exceptions included), or returns
 * {@link Poll#pending() pending} after arranging for {@code cx.waker()} to be woken when it can make
 * progress. A future is driven by one task at a time; polling it again after it completed throws
 * {@link IllegalStateException} unless its documentation says otherwise.
 *
 * <p>Futures are lazy: creating one does no work. {@link #cancel()} tells a future that its result
 * is no longer wanted so it can release what it holds.
 *
 * @param <T> the type of the value
 */
@FunctionalInterface
public interface Future<T> {

    /**
     * Tries to make progress.
     *
     * @return ready with the value, or pending after registering {@code cx.waker()}
     * @throws IllegalStateException if polled after completion
     */
    Poll<T> poll(Context cx);

    /**
     * Abandons this future: nobody will poll it again. A suspended {@code @Async} machine runs its
     * {@code catch} and {@code finally} blocks (the suspended {@code await} throws
     * {@link java.util.concurrent.CancellationException}) and cancels the future it awaits; a leaf
     * future deregisters its waker and releases its resources. Cancelling a future that completed
     * or was already cancelled does nothing. The default does nothing.
     */
    default void cancel() {}

    /** A future that is already complete with {@code value}; it may be polled any number of times. */
    static <T> Future<T> ready(T value) {
        return CompletedFuture.of(value);
    }

    /**
     * A future that has already failed: every poll throws {@code error} as it is, checked or not.
     */
    static <T> Future<T> failed(Throwable error) {
        return CompletedFuture.failed(Objects.requireNonNull(error, "error"));
    }
}
