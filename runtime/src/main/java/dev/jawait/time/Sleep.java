package dev.jawait.time;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.task.Coop;

/**
 * The future behind {@link Timer#sleep} and {@link Timer#sleepUntil}. It registers a timer entry at
 * its first poll (none at all if the deadline has already passed) and completes once the entry
 * fired. Cancelling removes the entry from the timer at once.
 *
 * <p>Ready sleeps spend a unit of the task's {@link Coop} budget (an elapsed sleep is ready at
 * once, so a loop of them, or of an interval's missed ticks, would otherwise never yield); see
 * {@link #pollUnbudgeted} for the exception.
 *
 * <p>Poll order: store the waker, then read the entry's state; the timer publishes the state,
 * then wakes. One of the two always sees the other, so a firing is never missed.
 */
final class Sleep implements Future<Void> {
    private final Timer timer;
    private final long deadline;
    private TimerEntry entry;
    private boolean done;

    Sleep(Timer timer, long deadline) {
        this.timer = timer;
        this.deadline = deadline;
    }

    long deadline() {
        return deadline;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        if (done) {
            throw new IllegalStateException("sleep polled after it completed or was cancelled");
        }
        // An elapsed sleep (an interval ticking late, a loop of zero sleeps) is ready at once:
        // it spends budget like any other always-ready source.
        Coop.Budget coop = Coop.budget(cx);
        if (coop.mustYield(cx)) { // the budget is spent: the task was woken and yields
            return Poll.pending();
        }
        Poll<Void> p = pollUnbudgeted(cx);
        if (p.isReady()) {
            coop.spend(); // cannot refuse: the budget was checked above
        }
        return p;
    }

    /**
     * {@link #poll} without the {@link Coop} budget: a {@link Timeout} polls its deadline this way
     * after its inner future, which may have spent the task's budget, so that the deadline still
     * fires (tokio does the same).
     */
    Poll<Void> pollUnbudgeted(Context cx) {
        if (done) {
            throw new IllegalStateException("sleep polled after it completed or was cancelled");
        }
        TimerEntry e = entry;
        if (e == null) {
            if (timer.nanoTime() >= deadline) {
                done = true;
                return Poll.ready(null);
            }
            e = new TimerEntry(deadline);
            e.waker.register(cx.waker()); // before scheduling: the timer may fire at once
            if (!timer.schedule(e)) {
                done = true;
                e.waker.clear();
                return Poll.ready(null);
            }
            entry = e;
        } else {
            e.waker.register(cx.waker());
        }
        int state = e.state;
        if (state == TimerEntry.PENDING) {
            return Poll.pending();
        }
        done = true;
        e.waker.clear();
        if (state == TimerEntry.SHUT_DOWN) {
            throw new IllegalStateException("timer closed before the deadline: " + timer);
        }
        return Poll.ready(null);
    }

    @Override
    public void cancel() {
        if (done) {
            return;
        }
        done = true;
        TimerEntry e = entry;
        if (e != null) {
            timer.deregister(e);
            e.waker.clear();
        }
    }

    @Override
    public String toString() {
        // "sleep until +1.5s (in 0.5s)": the deadline on the timer's clock, and what is left.
        String state;
        if (done) {
            state = "done";
        } else {
            long left = deadline - timer.nanoTime();
            state = left > 0 ? "in " + Deadline.human(left) : "elapsed";
        }
        return "sleep until +" + Deadline.human(deadline) + " (" + state + ")";
    }
}
