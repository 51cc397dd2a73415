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
 * Wakes tasks waiting for an event that carries no data, with tokio's {@code Notify} semantics.
 *
 * <ul>
 *   <li>{@link #notifyOne()} completes the oldest waiting {@link #notified()} future. If nobody is
 *       waiting it stores a single permit instead, so the next {@code notified()} completes at
 *       once: a notification sent just before the waiter arrives is not lost. Permits do not
 *       accumulate: many {@code notifyOne()} calls with no waiter store one.</li>
 *   <li>{@link #notifyWaiters()} completes every {@code notified()} future <em>created</em> before
 *       the call, polled or not, and stores no permit. (It is not called {@code notifyAll}:
 *       {@link Object#notifyAll()} is final.)</li>
 * </ul>
 *
 * <p>Fair: {@code notifyOne} serves waiters in the order they first polled. Cancellation safe: a
 * {@code notified()} future cancelled after {@code notifyOne} chose it forwards the notification
 * to the next waiter (or stores the permit), so cancelling never swallows a notification.
 * Thread-safe.
 *
 * <p>A {@code notified()} future that completes spends a unit of the task's {@link dev.jawait.task.Coop} budget; one
 * that yields for the budget keeps the stored permit (or the notification it was given) for its
 * next poll.
 */
public final class Notify {
    private final OpLock lock = new OpLock();
    private final WaitList<Notified> waiters = new WaitList<>();
    private boolean permit;
    /** Bumped by every {@link #notifyWaiters()}; a future created in an older epoch is complete. */
    private long epoch;

    /** A notify with no stored permit. */
    public Notify() {}

    /**
     * A future that completes when this notify is notified: by a stored permit (consumed at its
     * first poll), by a {@link #notifyOne()} that picks it, or by a {@link #notifyWaiters()} made
     * after this call.
     */
    public Future<Void> notified() {
        lock.lock();
        try {
            return new Notified(epoch);
        } finally {
            lock.unlock();
        }
    }

    /** Completes the oldest waiter, or stores a permit if there is none. */
    public void notifyOne() {
        Waker w;
        lock.lock();
        try {
            w = notifyOneLocked();
        } finally {
            lock.unlock();
        }
        WaitList.wake(w);
    }

    /** Completes every {@code notified()} future created before this call. Stores no permit. */
    public void notifyWaiters() {
        List<Waker> toWake = new ArrayList<>();
        lock.lock();
        try {
            epoch++;
            for (Notified n : waiters.drain()) {
                n.state = Notified.NOTIFIED;
                Waker w = n.takeWaker();
                if (w != null) {
                    toWake.add(w);
                }
            }
        } finally {
            lock.unlock();
        }
        WaitList.wakeAll(toWake);
    }

    /** The number of polled {@code notified()} futures waiting. */
    public int waiterCount() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    private Waker notifyOneLocked() {
        Notified first = waiters.pollFirst();
        if (first == null) {
            permit = true;
            return null;
        }
        first.state = Notified.NOTIFIED_ONE;
        return first.takeWaker();
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Notify[waiters=" + waiters.size() + (permit ? ", permit" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    /** One wait for a notification. Guarded by the notify's lock. */
    private final class Notified extends WaitList.Node implements Future<Void> {
        static final int NEW = 0;
        static final int WAITING = 1;
        /** Chosen by notifyOne: owes a forward if cancelled before it is observed. */
        static final int NOTIFIED_ONE = 2;
        /** Completed by notifyWaiters. */
        static final int NOTIFIED = 3;
        static final int DONE = 4;

        final long createdIn;
        int state = NEW;

        Notified(long createdIn) {
            this.createdIn = createdIn;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            // Checked before anything is taken: a yield consumes no permit and keeps a
            // notification already handed to this future for its next poll.
            Coop.Budget coop = Coop.budget(cx);
            if (coop.mustYield(cx)) { // the budget is spent: the task was woken and yields
                return Poll.pending();
            }
            lock.lock();
            try {
                switch (state) {
                    case NEW:
                        if (epoch != createdIn) {
                            coop.spend(); // cannot refuse: the budget was checked above
                            state = DONE;
                            return Poll.ready(null);
                        }
                        if (permit) {
                            coop.spend();
                            permit = false;
                            state = DONE;
                            return Poll.ready(null);
                        }
                        state = WAITING;
                        registerWaker(cx.waker());
                        waiters.addLast(this);
                        return Poll.pending();
                    case WAITING:
                        registerWaker(cx.waker());
                        return Poll.pending();
                    case NOTIFIED_ONE:
                    case NOTIFIED:
                        coop.spend();
                        state = DONE;
                        return Poll.ready(null);
                    default:
                        throw new IllegalStateException(
                                "notified() future polled after it completed or was cancelled");
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel() {
            Waker forward = null;
            lock.lock();
            try {
                if (state == WAITING) {
                    waiters.remove(this);
                    dropWaker();
                } else if (state == NOTIFIED_ONE) {
                    forward = notifyOneLocked();
                }
                state = DONE;
            } finally {
                lock.unlock();
            }
            WaitList.wake(forward);
        }

        @Override
        public String toString() {
            return "Notify.notified()";
        }
    }
}
