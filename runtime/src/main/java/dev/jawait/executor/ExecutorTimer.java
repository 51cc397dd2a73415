package dev.jawait.executor;

import dev.jawait.time.TimerDriver;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The timer behind {@link LocalExecutor#timer()} and {@link WorkStealingExecutor#timer()}: a
 * {@link TimerDriver} whose entries are fired by the executor's own run loop instead of a timer
 * thread. The heap stays under the timer's lock (uncontended when only the executor's threads use
 * it, so it costs a lock acquisition but never a thread switch); the executor only has to be told
 * when a registration made a new earliest deadline, so that a thread parked for longer wakes up.
 */
final class ExecutorTimer extends TimerDriver {
    private final AtomicBoolean firing = new AtomicBoolean();
    private final Runnable rearm;
    private final String owner;

    /**
     * @param rearm runs, under the timer's lock, when a new earliest deadline was registered; must
     *     only unpark (never block or touch the timer)
     * @param owner names the executor in {@link #toString()}
     */
    ExecutorTimer(Runnable rearm, String owner) {
        this.rearm = rearm;
        this.owner = owner;
    }

    @Override
    protected void onEarliestChanged() {
        rearm.run();
    }

    /**
     * Fires every due timer on the calling thread; returns how many fired. One thread fires at a
     * time (a second caller returns 0 at once), so wakes happen in deadline order even when several
     * workers look at the timer together, and they do not queue up on the lock.
     */
    int fire() {
        if (firing.get() || !firing.compareAndSet(false, true)) {
            return 0;
        }
        try {
            return fireDue();
        } finally {
            firing.set(false);
        }
    }

    /** Nanoseconds to the earliest deadline; 0 if due; {@link Long#MAX_VALUE} if none. */
    long nanosToNext() {
        return nanosToNextDeadline();
    }

    /** The lock guarding the entries; see {@link TimerDriver#timerLock()}. */
    Object lock() {
        return timerLock();
    }

    /** Fails every pending sleep and refuses new ones; idempotent. */
    void shutDown() {
        shutDownTimer();
    }

    @Override
    public String toString() {
        return "ExecutorTimer[" + owner + ", pending=" + pendingTimers() + "]";
    }
}
