package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Slot} for tasks that may run on different threads: one atomic cell that is empty, holds
 * the waiting receiver's waker, or holds the message (told apart by type, so messages must not be
 * wakers). One CAS per send and per receive.
 */
public final class SharedSlot<T> implements Slot<T> {
    private final AtomicReference<Object> cell = new AtomicReference<>();

    @Override
    public void send(T m) {
        for (;;) {
            Object current = cell.get();
            if (current != null && !(current instanceof Waker)) {
                throw new IllegalStateException("slot full");
            }
            if (cell.compareAndSet(current, m)) {
                if (current != null) {
                    ((Waker) current).wake();
                }
                return;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Poll<T> poll(Context cx) {
        for (;;) {
            Object current = cell.get();
            if (current != null && !(current instanceof Waker)) {
                if (cell.compareAndSet(current, null)) {
                    return Poll.ready((T) current);
                }
                continue;
            }
            if (current != null && ((Waker) current).willWake(cx.waker())) {
                return Poll.pending();
            }
            Waker mine = cx.waker().clone();
            if (cell.compareAndSet(current, mine)) {
                if (current != null) {
                    ((Waker) current).drop();
                }
                return Poll.pending();
            }
            mine.drop(); // a message arrived meanwhile: take it on the next turn
        }
    }
}
