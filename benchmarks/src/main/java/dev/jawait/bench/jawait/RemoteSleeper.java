package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;

/**
 * A leaf future woken from another thread: pending until {@link #open()}; each poll publishes its
 * count so that the waking thread can see the re-poll happen.
 */
public final class RemoteSleeper implements Future<Void> {
    private volatile Waker waker;
    private volatile boolean open;
    private volatile long polls;

    @Override
    public Poll<Void> poll(Context cx) {
        if (open) {
            polls++;
            return Poll.ready(null);
        }
        Waker current = cx.waker();
        Waker stored = waker;
        if (stored == null || !stored.willWake(current)) {
            waker = current.clone();
            if (stored != null) {
                stored.drop();
            }
        }
        // Count after registering: whoever sees the new count may wake us again at once.
        polls++;
        return Poll.pending();
    }

    /** Wakes the task that last polled this future; any thread. */
    public void wake() {
        waker.wakeByRef();
    }

    /** Makes the next poll ready and wakes the task; any thread. */
    public void open() {
        open = true;
        Waker w = waker;
        if (w != null) {
            w.wakeByRef();
        }
    }

    /** How many times this future was polled (a volatile read). */
    public long polls() {
        return polls;
    }
}
