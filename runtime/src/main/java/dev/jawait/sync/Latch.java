package dev.jawait.sync;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.OpLock;
import dev.jawait.internal.WaitList;
import dev.jawait.task.Coop;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-shot countdown latch: {@link #opened()} futures complete once {@link #countDown()} has
 * been called {@code count} times. The asynchronous {@link java.util.concurrent.CountDownLatch}.
 *
 * <p>Once open it stays open. A cancelled {@code opened()} future leaves the wait list at once.
 * Thread-safe.
 *
 * <p>An {@code opened()} future that completes spends a unit of the task's {@link dev.jawait.task.Coop} budget (awaiting
 * an open latch in a loop still gives way to the other tasks).
 */
public final class Latch {
    private final OpLock lock = new OpLock();
    private final WaitList<Opened> waiters = new WaitList<>();
    private long count;

    /** A latch that opens after {@code count} count-downs ({@code count >= 0}; zero is open). */
    public Latch(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        this.count = count;
    }

    /** Decrements the count; the call that reaches zero completes every waiter. No-op when open. */
    public void countDown() {
        List<Waker> toWake = new ArrayList<>();
        lock.lock();
        try {
            if (count == 0 || --count > 0) {
                return;
            }
            for (Opened o : waiters.drain()) {
                Waker w = o.takeWaker();
                if (w != null) {
                    toWake.add(w);
                }
            }
        } finally {
            lock.unlock();
        }
        WaitList.wakeAll(toWake);
    }

    /** The remaining count. */
    public long count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** A future that completes when the count is zero. */
    public Future<Void> opened() {
        return new Opened();
    }

    /** The number of polled {@code opened()} futures waiting. */
    public int waiterCount() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Latch[count=" + count() + "]";
    }

    /** One wait for the latch to open. Guarded by the latch's lock. */
    private final class Opened extends WaitList.Node implements Future<Void> {
        private boolean done;

        @Override
        public Poll<Void> poll(Context cx) {
            // A yield leaves the future as it was: still queued (once) if it was.
            Coop.Budget coop = Coop.budget(cx);
            if (coop.mustYield(cx)) { // the budget is spent: the task was woken and yields
                return Poll.pending();
            }
            lock.lock();
            try {
                if (done) {
                    throw new IllegalStateException("opened() future polled after completion");
                }
                if (count == 0) {
                    coop.spend(); // cannot refuse: the budget was checked above
                    done = true;
                    waiters.remove(this);
                    dropWaker();
                    return Poll.ready(null);
                }
                registerWaker(cx.waker());
                if (!isLinked()) {
                    waiters.addLast(this);
                }
                return Poll.pending();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                waiters.remove(this);
                dropWaker();
                done = true;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "Latch.opened()";
        }
    }
}
