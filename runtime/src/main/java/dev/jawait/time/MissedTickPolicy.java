package dev.jawait.time;

/**
 * What an {@link Interval} does when ticks were missed: a tick counts as missed when the task
 * takes it (its {@code tick()} future completes) a whole period or more after it was scheduled,
 * because the task was busy or the clock jumped. Ticks taken less than a period late keep the
 * schedule under every policy.
 *
 * <p>Example, period 10 ms, tick scheduled at 10 taken at 35 (ticks at 20 and 30 missed):
 * <ul>
 *   <li>{@link #BURST}: the next ticks are at 20 and 30, both due at once, then 40;</li>
 *   <li>{@link #DELAY}: the next tick is at 45 (a full period after the late one);</li>
 *   <li>{@link #SKIP}: the next tick is at 40 (the missed ones are dropped, the grid kept).</li>
 * </ul>
 */
public enum MissedTickPolicy {
    /**
     * Catch up: every missed tick completes immediately, one per {@code tick()} call, until the
     * schedule is back on time. The total number of ticks matches elapsed time (the default,
     * as in tokio and {@code scheduleAtFixedRate}).
     */
    BURST,
    /** Restart the schedule: the next tick is one period after the late one was taken. */
    DELAY,
    /** Drop missed ticks: the next tick is the first tick of the original grid after now. */
    SKIP;

    /** The deadline after a tick scheduled at {@code scheduled} was taken at {@code now}. */
    long next(long scheduled, long now, long period) {
        long onTime = Deadline.saturatingAdd(scheduled, period);
        if (now < onTime) {
            return onTime; // not missed
        }
        switch (this) {
            case BURST:
                return onTime;
            case DELAY:
                return Deadline.saturatingAdd(now, period);
            case SKIP:
                // The first grid point strictly after now: scheduled + k * period.
                long k = (now - scheduled) / period + 1;
                long offset = k > Long.MAX_VALUE / period ? Long.MAX_VALUE : k * period;
                return Deadline.saturatingAdd(scheduled, offset);
            default:
                throw new AssertionError(this);
        }
    }
}
