package dev.jawait.sync;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import java.util.function.Supplier;

/**
 * An asynchronous read-write lock that guards a value: any number of {@link #read() readers} at
 * once, or one {@link #write() writer}. Waiting suspends the task, never the thread, so a guard
 * may be held across an {@code await}.
 *
 * <p>Fair, in the order lock futures first polled: a writer that waits for the current readers
 * to leave is not overtaken by readers that come after it, so a steady stream of readers cannot
 * starve writers (and the other way round). {@link #tryRead()} and {@link #tryWrite()} never
 * overtake a queued future either. Cancellation safe as {@link Mutex} is: a cancelled lock future
 * leaves the queue, or passes on what had already been handed to it.
 *
 * <p>Built, as tokio's is, on a fair {@link Semaphore} of {@value #MAX_READERS} permits: a reader
 * takes one, a writer all of them (collecting them as the readers ahead of it leave). Writes made
 * under a write guard are seen by every later holder, on any thread, through the semaphore's
 * hand-off. A lock that completes spends a unit of the task's {@link dev.jawait.task.Coop}
 * budget.
 *
 * @param <T> the type of the guarded value
 */
public final class RwLock<T> {
    /** Readers that may hold the lock at once; a writer takes this many permits. */
    public static final int MAX_READERS = Integer.MAX_VALUE >> 3;

    private final Semaphore permits = new Semaphore(MAX_READERS);
    private T value;

    /** A lock guarding {@code value}. */
    public RwLock(T value) {
        this.value = value;
    }

    /** A future of a read guard: shared access, once no writer holds or waits ahead of it. */
    public Future<ReadGuard<T>> read() {
        return new Locking<>(permits.acquire(1), () -> new ReadGuard<>(this), "read");
    }

    /** A future of a write guard: exclusive access, once every earlier holder has left. */
    public Future<WriteGuard<T>> write() {
        return new Locking<>(permits.acquire(MAX_READERS), () -> new WriteGuard<>(this), "write");
    }

    /** A read guard if no writer holds the lock and nobody is queued; otherwise {@code null}. */
    public ReadGuard<T> tryRead() {
        return permits.tryAcquire(1) ? new ReadGuard<>(this) : null;
    }

    /** A write guard if nobody holds the lock and nobody is queued; otherwise {@code null}. */
    public WriteGuard<T> tryWrite() {
        return permits.tryAcquire(MAX_READERS) ? new WriteGuard<>(this) : null;
    }

    /** The number of lock futures queued. */
    public int queueLength() {
        return permits.queueLength();
    }

    @Override
    public String toString() {
        long free = permits.availablePermits();
        String state = free == MAX_READERS ? "unlocked"
                : free == 0 && queueLength() == 0 ? "locked" : (MAX_READERS - free) + " permits taken";
        return "RwLock[" + state + ", queued=" + queueLength() + "]";
    }

    /**
     * Shared access to the value; {@link #close()} is {@link #unlock()}, for try-with-resources.
     * It belongs to the task that locked.
     *
     * @param <T> the type of the guarded value
     */
    public static final class ReadGuard<T> extends LockGuard {
        private final RwLock<T> lock;

        private ReadGuard(RwLock<T> lock) {
            super("RwLock.ReadGuard");
            this.lock = lock;
        }

        /** The guarded value. */
        public T get() {
            checkHeld();
            return lock.value;
        }

        @Override
        void release() {
            lock.permits.release(1);
        }
    }

    /**
     * Exclusive access to the value; {@link #close()} is {@link #unlock()}, for try-with-resources.
     * It belongs to the task that locked.
     *
     * @param <T> the type of the guarded value
     */
    public static final class WriteGuard<T> extends LockGuard {
        private final RwLock<T> lock;

        private WriteGuard(RwLock<T> lock) {
            super("RwLock.WriteGuard");
            this.lock = lock;
        }

        /** The guarded value. */
        public T get() {
            checkHeld();
            return lock.value;
        }

        /** Replaces the guarded value. */
        public void set(T value) {
            checkHeld();
            lock.value = value;
        }

        /**
         * Turns this write access into read access without letting a writer in between: the
         * readers queued behind this writer may then enter too. This guard is released.
         *
         * @throws IllegalStateException if this guard was already unlocked
         */
        public ReadGuard<T> downgrade() {
            markReleased();
            lock.permits.release(MAX_READERS - 1);
            return new ReadGuard<>(lock);
        }

        @Override
        void release() {
            lock.permits.release(MAX_READERS);
        }
    }

    /** Adapts a permit acquisition to a guard. */
    private final class Locking<G> implements Future<G> {
        private final Future<Void> acquire;
        private final Supplier<G> guard;
        private final String kind;

        Locking(Future<Void> acquire, Supplier<G> guard, String kind) {
            this.acquire = acquire;
            this.guard = guard;
            this.kind = kind;
        }

        @Override
        public Poll<G> poll(Context cx) {
            return acquire.poll(cx).isReady() ? Poll.ready(guard.get()) : Poll.pending();
        }

        @Override
        public void cancel() {
            acquire.cancel();
        }

        @Override
        public String toString() {
            return "RwLock." + kind + "() on " + RwLock.this;
        }
    }
}
