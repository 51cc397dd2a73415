package dev.jawait.time;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Timer} on real time ({@link System#nanoTime()}), fired by one daemon thread.
 *
 * <p>The thread is started when the first timer is registered. It fires every due entry (waking
 * the waiting tasks' wakers on the timer thread), then parks until the earliest remaining
 * deadline, or indefinitely when there is none: an idle timer costs no CPU. Registering a new
 * earliest timer unparks it to re-arm. Cancelling a timer does not wake the thread (that would
 * cost a wake-up for every timeout that completes in time); if it was the earliest, the thread
 * wakes once at its old deadline, finds nothing due, and parks again.
 *
 * <p>{@link #close()} stops the thread and fails every pending time future with
 * {@link IllegalStateException}. The shared {@link Timer#system()} timer cannot be closed.
 */
public final class RealTimer extends TimerDriver implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();

    /** The shared timer behind {@link Timer#system()} and {@link Time}. */
    static final RealTimer SYSTEM = new RealTimer("jawait-timer");

    private final String threadName;
    private final boolean shared;
    /** Guarded by {@link #lock}; null until the first registration. */
    private Thread thread;

    RealTimer(String sharedThreadName) {
        this.shared = sharedThreadName != null;
        this.threadName = shared ? sharedThreadName : "jawait-timer-" + IDS.incrementAndGet();
    }

    @Override
    protected void onEarliestChanged() {
        if (thread == null) {
            thread = new Thread(this::run, threadName);
            thread.setDaemon(true);
            thread.start();
        } else {
            // If the thread is not parked yet, the permit makes its next park return at once,
            // so the new deadline is never missed.
            LockSupport.unpark(thread);
        }
    }

    /**
     * Stops the timer thread and fails every pending time future of this timer with
     * {@link IllegalStateException} (their tasks are woken to observe it). Idempotent.
     *
     * @throws UnsupportedOperationException for the shared {@link Timer#system()} timer
     */
    @Override
    public void close() {
        if (shared) {
            throw new UnsupportedOperationException("the shared system timer cannot be closed");
        }
        if (shutDownTimer()) {
            Thread t = driverThread();
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** The driver thread, or {@code null} before the first registration (for tests). */
    Thread driverThread() {
        synchronized (lock) {
            return thread;
        }
    }

    private void run() {
        while (!isTimerShutDown()) {
            if (fireDue() > 0) {
                continue; // time passed while waking: look again before parking
            }
            long waitNanos = nanosToNextDeadline();
            if (waitNanos == Long.MAX_VALUE) {
                LockSupport.park(this); // also after close(), which unparks: the loop then ends
            } else if (waitNanos > 0) {
                LockSupport.parkNanos(this, waitNanos);
            }
        }
    }

    @Override
    public String toString() {
        return "RealTimer[" + threadName + ", pending=" + pendingTimers() + "]";
    }
}
