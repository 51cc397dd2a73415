package dev.jawait.time;

/**
 * The SPI for a real-time {@link Timer} fired by someone else's loop: an executor that wants its
 * sleeps to cost no thread of their own subclasses this, calls {@link #fireDue()} from its run loop
 * and parks for at most {@link #nanosToNextDeadline()}. {@link RealTimer} is the same thing with a
 * daemon thread as the loop.
 *
 * <p>The clock is {@link System#nanoTime()} measured from the driver's creation. Entries live in
 * the timer's {@link TimerWheel} under the timer's lock, so registration and cancellation are safe
 * from any thread; the subclass only has to make sure its loop notices a new earliest deadline
 * ({@link #onEarliestChanged()}). Entries are completed, and so wakers woken, outside the lock on
 * the thread that calls {@link #fireDue()}.
 */
public abstract class TimerDriver extends Timer {
    private final long origin = System.nanoTime();

    /** A driver whose clock starts now. */
    protected TimerDriver() {
        super(new TimerWheel());
    }

    @Override
    final long nanoTime() {
        return System.nanoTime() - origin;
    }

    @Override
    final void earliestChanged() {
        onEarliestChanged();
    }

    /**
     * Called, under the timer's lock, when a registration made a new earliest deadline: the loop
     * must look at {@link #nanosToNextDeadline()} again before it sleeps longer than that. Must not
     * block or call back into this timer; typically an unpark.
     */
    protected abstract void onEarliestChanged();

    /**
     * Fires, on the calling thread and in deadline order, every timer due now, and returns how many
     * fired. Timers registered while firing with a deadline after this call's "now" are left for the
     * next call, so this always terminates. A waker that throws is reported to the calling thread's
     * uncaught-exception handler and does not stop the others.
     */
    protected final int fireDue() {
        long now = nanoTime();
        int fired = 0;
        for (;;) {
            TimerEntry due;
            synchronized (lock) {
                due = queue.pollDue(now);
            }
            if (due == null) {
                return fired;
            }
            fired++;
            // Outside the lock: a task woken inline may register or cancel timers.
            try {
                due.complete(TimerEntry.FIRED);
            } catch (Throwable t) {
                Thread self = Thread.currentThread();
                self.getUncaughtExceptionHandler().uncaughtException(self, t);
            }
        }
    }

    /**
     * Nanoseconds until the loop should call {@link #fireDue()} again: {@code 0} if a timer is due,
     * {@link Long#MAX_VALUE} if no timer is pending (or the timer is shut down). It may be up to
     * a tick (about a millisecond) early, or a wheel slot's start for far-away timers: waking then
     * and finding nothing due is harmless.
     */
    protected final long nanosToNextDeadline() {
        synchronized (lock) {
            long next = queue.nextDeadline();
            if (next == Long.MAX_VALUE || shutDown) {
                return Long.MAX_VALUE;
            }
            return Math.max(0, next - nanoTime());
        }
    }

    /**
     * Closes the timer: later registrations throw {@link IllegalStateException}, and every pending
     * time future fails with {@link IllegalStateException} (its task is woken, on the calling
     * thread, to observe it). Returns {@code false} if it was closed already.
     */
    protected final boolean shutDownTimer() {
        TimerEntry[] pending;
        synchronized (lock) {
            if (shutDown) {
                return false;
            }
            shutDown = true;
            pending = queue.clear();
        }
        for (TimerEntry e : pending) {
            try {
                e.complete(TimerEntry.SHUT_DOWN);
            } catch (Throwable t) {
                Thread self = Thread.currentThread();
                self.getUncaughtExceptionHandler().uncaughtException(self, t);
            }
        }
        return true;
    }

    /**
     * The lock that guards the timer's entries. A driver whose own bookkeeping must be atomic with
     * registrations (say, "which thread parks for the earliest deadline") may hold it around that
     * bookkeeping: {@link #onEarliestChanged()} runs under it, and the methods here take it
     * re-entrantly. Never hold it while waking or parking.
     */
    protected final Object timerLock() {
        return lock;
    }

    /** Whether {@link #shutDownTimer()} has run. */
    protected final boolean isTimerShutDown() {
        synchronized (lock) {
            return shutDown;
        }
    }
}
