package dev.jawait.time;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import java.time.Duration;

/**
 * A ticker on a {@link Timer}: each {@link #tick()} returns a future that completes at the next
 * scheduled tick with that tick's deadline. Ticks fall on a fixed grid
 * ({@code start, start + period, ...}); what happens after a late tick is set by its
 * {@link MissedTickPolicy}.
 *
 * <p>Cancellation safe: a tick future cancelled before it completes leaves the schedule as it
 * was, so the next {@code tick()} waits for the same tick. A tick that completes spends a unit of
 * the task's {@link dev.jawait.task.Coop} budget, so a burst of missed ticks still lets the
 * other tasks run; a tick that yields for the budget keeps its deadline for its next poll. One
 * tick future may be outstanding at a time (it belongs to one task, like tokio's
 * {@code &mut self}).
 */
public final class Interval {
    private final Timer timer;
    private final long period;
    private final MissedTickPolicy policy;
    /** Deadline of the next tick; guarded by {@code this}. */
    private long next;
    private Tick outstanding;

    Interval(Timer timer, long start, Duration period, MissedTickPolicy policy) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        this.timer = timer;
        this.period = Deadline.saturatingNanos(period);
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
        this.next = start;
    }

    /**
     * A future that completes at the next tick with its scheduled deadline.
     *
     * @throws IllegalStateException if the previous tick future has neither completed nor been
     *     cancelled
     */
    public synchronized Future<Deadline> tick() {
        if (outstanding != null) {
            throw new IllegalStateException("the previous tick() future is still pending");
        }
        outstanding = new Tick();
        return outstanding;
    }

    /** The deadline of the next tick. */
    public synchronized Deadline nextTick() {
        return Deadline.ofNanos(next);
    }

    /** Reschedules the next tick to one period from now (for a tick future not yet polled too). */
    public synchronized void reset() {
        next = Deadline.saturatingAdd(timer.nanoTime(), period);
    }

    /** The period between ticks. */
    public Duration period() {
        return Duration.ofNanos(period);
    }

    /** The current time on this interval's timer. */
    long timerNow() {
        return timer.nanoTime();
    }

    /** The policy for missed ticks. */
    public MissedTickPolicy missedTickPolicy() {
        return policy;
    }

    @Override
    public String toString() {
        return "Interval[period=" + period() + ", " + policy + ", next=" + nextTick() + "]";
    }

    /** One tick: sleeps until the scheduled deadline read at its first poll. */
    private final class Tick implements Future<Deadline> {
        private Sleep sleep;
        private boolean done;

        @Override
        public Poll<Deadline> poll(Context cx) {
            if (done) {
                throw new IllegalStateException("tick polled after it completed or was cancelled");
            }
            if (sleep == null) {
                synchronized (Interval.this) {
                    sleep = new Sleep(timer, next);
                }
            }
            if (sleep.poll(cx).isPending()) {
                return Poll.pending();
            }
            done = true;
            long scheduled = sleep.deadline();
            synchronized (Interval.this) {
                next = policy.next(scheduled, timer.nanoTime(), period);
                outstanding = null;
            }
            return Poll.ready(Deadline.ofNanos(scheduled));
        }

        @Override
        public void cancel() {
            if (done) {
                return;
            }
            done = true;
            if (sleep != null) {
                sleep.cancel();
            }
            synchronized (Interval.this) {
                if (outstanding == this) {
                    outstanding = null;
                }
            }
        }

        @Override
        public String toString() {
            return "Interval.tick()";
        }
    }
}
