package dev.jawait;

import java.util.NoSuchElementException;

/**
 * The outcome of one {@link Future#poll(Context) poll}: either ready with a value, or pending.
 *
 * <p>A pending poll promises that the future has arranged for the context's {@link Waker} to be
 * woken when progress is possible. {@link #pending()} is a shared constant and costs nothing.
 *
 * @param <T> the type of the value
 */
public final class Poll<T> {
    private static final Poll<?> PENDING = new Poll<>(null, false);
    private static final Poll<?> READY_NULL = new Poll<>(null, true);

    private final T value;
    private final boolean ready;

    private Poll(T value, boolean ready) {
        this.value = value;
        this.ready = ready;
    }

    /** A ready outcome holding {@code value} (which may be {@code null}). */
    @SuppressWarnings("unchecked")
    public static <T> Poll<T> ready(T value) {
        return value == null ? (Poll<T>) READY_NULL : new Poll<>(value, true);
    }

    /** The pending outcome: the value is not available yet and the waker has been registered. */
    @SuppressWarnings("unchecked")
    public static <T> Poll<T> pending() {
        return (Poll<T>) PENDING;
    }

    /** Whether this outcome holds a value. */
    public boolean isReady() {
        return ready;
    }

    /** Whether the value is not available yet. */
    public boolean isPending() {
        return !ready;
    }

    /**
     * The value of a ready outcome.
     *
     * @throws NoSuchElementException if this outcome is pending
     */
    public T get() {
        if (!ready) {
            throw new NoSuchElementException("Poll.get() on a pending poll");
        }
        return value;
    }

    @Override
    public String toString() {
        return ready ? "Ready(" + value + ")" : "Pending";
    }
}
