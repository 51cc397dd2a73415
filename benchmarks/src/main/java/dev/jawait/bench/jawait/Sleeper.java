package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;

/**
 * A leaf future for same-thread wakes: pending until {@link #open()}, counting its polls and keeping
 * the waker of its last poll, as an event source does. Plain fields: it is polled and woken on one
 * thread, and a volatile would add a fence the scenario is not about.
 */
public final class Sleeper implements Future<Void> {
    private Waker waker;
    private boolean open;
    private long polls;

    @Override
    public Poll<Void> poll(Context cx) {
        polls++;
        if (open) {
            return Poll.ready(null);
        }
        Waker current = cx.waker();
        if (waker == null || !waker.willWake(current)) {
            if (waker != null) {
                waker.drop();
            }
            waker = current.clone();
        }
        return Poll.pending();
    }

    /** Wakes the task that last polled this future (the event happened, but not the last one). */
    public void wake() {
        waker.wakeByRef();
    }

    /** Makes the next poll ready and wakes the task. */
    public void open() {
        open = true;
        if (waker != null) {
            Waker w = waker;
            waker = null;
            w.wake();
        }
    }

    /** How many times this future was polled. */
    public long polls() {
        return polls;
    }
}
