package dev.jawait.net;

import dev.jawait.Waker;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the waker of the one task waiting on one side (reading or writing) of a socket.
 *
 * <p>Taking the waker out is atomic, so a waker is consumed exactly once: either the reactor wakes
 * it, or the future that stored it replaces or clears it and drops it. A waker is never woken after
 * it was dropped, which matters for executors that recycle their tasks.
 */
final class WakerSlot {
    private final AtomicReference<Waker> waker = new AtomicReference<>();

    /**
     * Stores a clone of {@code current}, unless the stored waker already wakes the same task. If the
     * reactor takes the stored waker concurrently, that waker is woken and its task polls again,
     * which stores a waker anew; so skipping the store never loses a wake.
     */
    void register(Waker current) {
        Waker stored = waker.get();
        if (stored != null && stored.willWake(current)) {
            return;
        }
        Waker previous = waker.getAndSet(current.clone());
        if (previous != null) {
            previous.drop();
        }
    }

    /**
     * Wakes and consumes the stored waker, if any. A waker that throws is a bug in its executor;
     * it is reported to the thread's uncaught-exception handler so that the reactor keeps running
     * and the other waiters still get their wakes.
     */
    void wake() {
        Waker stored = waker.getAndSet(null);
        if (stored != null) {
            try {
                stored.wake();
            } catch (RuntimeException | Error e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }

    /** Drops the stored waker, if any, without waking it. */
    void clear() {
        Waker stored = waker.getAndSet(null);
        if (stored != null) {
            stored.drop();
        }
    }

    /** Whether a waker is stored (for tests). */
    boolean isOccupied() {
        return waker.get() != null;
    }
}
