package dev.jawait.sync;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;

/**
 * An asynchronous mutual-exclusion lock that guards a value: {@link #lock()} returns a future of a
 * {@link Guard} through which the value is read and written, and the lock is held until the guard
 * is {@link Guard#unlock() unlocked} (explicitly, or by try-with-resources). Waiting suspends the
 * task, never the thread, so a guard may be held across an {@code await}.
 *
 * <p>Fair: the lock is handed to waiters in the order they first polled their {@code lock()}
 * future; {@link #tryLock()} never overtakes a waiter. Cancellation safe: cancelling a lock
 * future that is still queued leaves the queue, and cancelling one whose lock was already handed
 * to it (but not yet observed) passes the lock to the next waiter. Built on a {@link Semaphore}
 * with one permit, as tokio's mutex is, so a lock that completes spends a unit of the task's
 * {@link dev.jawait.task.Coop} budget (a task locking a free mutex in a loop still gives way).
 *
 * <p>The guarded value is published between holders by the lock hand-off, so a holder on any
 * thread sees the writes of the previous holder.
 *
 * @param <T> the type of the guarded value (use {@code Mutex<Void>} for a plain lock)
 */
public final class Mutex<T> {
    private final Semaphore permit = new Semaphore(1);
    private T value;

    /** A plain lock guarding no value. */
    public Mutex() {
        this(null);
    }

    /** A lock guarding {@code value}. */
    public Mutex(T value) {
        this.value = value;
    }

    /**
     * A future that completes with a guard once the lock is held by it. Its place in the queue is
     * taken at its first poll.
     */
    public Future<Guard<T>> lock() {
        return new LockFuture(permit.acquire());
    }

    /** Takes the lock if it is free and nobody is queued; returns the guard, or {@code null}. */
    public Guard<T> tryLock() {
        return permit.tryAcquire() ? new Guard<>(this) : null;
    }

    /** Whether the lock is held (or handed to a waiter that has not observed it yet). */
    public boolean isLocked() {
        return permit.availablePermits() == 0;
    }

    /** The number of lock futures queued for the lock. */
    public int queueLength() {
        return permit.queueLength();
    }

    @Override
    public String toString() {
        return "Mutex[" + (isLocked() ? "locked" : "unlocked") + ", queued=" + queueLength() + "]";
    }

    /**
     * Proof that the lock is held, and the way to the guarded value. Not thread-safe in itself:
     * it belongs to the task that locked. {@link #close()} is {@link #unlock()}, so a guard works in
     * try-with-resources.
     *
     * @param <T> the type of the guarded value
     */
    public static final class Guard<T> extends LockGuard {
        private final Mutex<T> mutex;

        private Guard(Mutex<T> mutex) {
            super("Mutex.Guard");
            this.mutex = mutex;
        }

        /** The guarded value. */
        public T get() {
            checkHeld();
            return mutex.value;
        }

        /** Replaces the guarded value. */
        public void set(T value) {
            checkHeld();
            mutex.value = value;
        }

        @Override
        void release() {
            mutex.permit.release();
        }
    }

    /** Adapts the permit acquisition to a guard. */
    private final class LockFuture implements Future<Guard<T>> {
        private final Future<Void> acquire;

        LockFuture(Future<Void> acquire) {
            this.acquire = acquire;
        }

        @Override
        public Poll<Guard<T>> poll(Context cx) {
            return acquire.poll(cx).isReady() ? Poll.ready(new Guard<>(Mutex.this)) : Poll.pending();
        }

        @Override
        public void cancel() {
            acquire.cancel();
        }

        @Override
        public String toString() {
            return "Mutex.lock() on " + Mutex.this;
        }
    }
}
