package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;

/**
 * A task that yields {@code times} times: each poll wakes its own waker and returns pending (tokio's
 * {@code yield_now}), so the executor must re-queue it behind the other ready tasks.
 */
public final class Yielder implements Future<Void> {
    private int left;

    /** A task that needs {@code times + 1} polls. */
    public Yielder(int times) {
        this.left = times;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        if (left == 0) {
            return Poll.ready(null);
        }
        left--;
        cx.waker().wakeByRef();
        return Poll.pending();
    }
}
