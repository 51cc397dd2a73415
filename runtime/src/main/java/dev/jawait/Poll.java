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
    private static final Poll<?> PENDING = new Poll<>(null);
    private static final Poll<?> READY_NULL = new Poll<>(null);

    // Readiness is identity (every poll but PENDING is ready), not a field: a ready poll is then
    // one reference after the header, 16 bytes instead of 24, allocated once per completed task.
    private final T value;

    private Poll(T value) {
        this.value = value;
    }

    /** A ready outcome holding {@code value} (which may be {@code null}). */
    @SuppressWarnings("unchecked")
    public static <T> Poll<T> ready(T value) {
        return value == null ? (Poll<T>) READY_NULL : new Poll<>(value);
    }

    /** The pending outcome: the value is not available yet and the waker has been registered. */
    @SuppressWarnings("unchecked")
    public static <T> Poll<T> pending() {
        return (Poll<T>) PENDING;
    }

    /** Whether this outcome holds a value. */
    public boolean isReady() {
        return this != PENDING;
    }

    /** Whether the value is not available yet. */
    public boolean isPending() {
        return this == PENDING;
    }

    /**
     * The value of a ready outcome.
     *
     * @throws NoSuchElementException if this outcome is pending
     */
    public T get() {
        if (this == PENDING) {
            throw new NoSuchElementException("Poll.get() on a pending poll");
        }
        return value;
    }

    @Override
    public String toString() {
        return this != PENDING ? "Ready(" + value + ")" : "Pending";
    }
}
