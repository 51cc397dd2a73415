package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Poll;
import dev.jawait.Waker;

/** A {@link Slot} for two tasks of one single-thread executor: plain fields, no atomics. */
public final class LocalSlot<T> implements Slot<T> {
    private T message;
    private Waker receiver;

    @Override
    public void send(T m) {
        if (message != null) {
            throw new IllegalStateException("slot full");
        }
        message = m;
        Waker w = receiver;
        if (w != null) {
            receiver = null;
            w.wake();
        }
    }

    @Override
    public Poll<T> poll(Context cx) {
        T m = message;
        if (m != null) {
            message = null;
            return Poll.ready(m);
        }
        if (receiver == null) {
            receiver = cx.waker().clone();
        }
        return Poll.pending();
    }
}
