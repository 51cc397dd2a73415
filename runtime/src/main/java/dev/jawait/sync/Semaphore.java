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
 * An asynchronous counting semaphore, fair in FIFO order (tokio's batch semaphore).
 *
 * <p>{@link #acquire(int)} returns a future that completes once {@code n} permits have been
 * handed to it. Released permits go to the oldest waiter first, even partially: a waiter that
 * needs 5 permits collects them as they are released and nobody behind it can overtake it, so a
 * large request is never starved by small ones. For the same reason {@link #tryAcquire(int)} and
 * a new acquisition never barge ahead of queued waiters.
 *
 * <p>Cancellation safe: {@link Future#cancel() cancelling} an acquisition gives back whatever it
 * had collected, and if the permits had already all been handed to it (it completed but its
 * owner had not observed it yet) it releases all of them, so they pass to the next waiter.
 *
 * <p>Permits are not owned: any code may {@link #release(int)}. All methods are thread-safe;
 * wakers are woken outside the internal lock.
 *
 * <p>An acquisition that completes spends a unit of the task's {@link dev.jawait.task.Coop} budget, so a task that
 * acquires and releases a free semaphore in a loop still gives way to the other tasks. A task
 * that has spent its budget yields before taking anything: the permits stay free (or, once
 * granted, stay with the acquisition for its next poll).
 */
public final class Semaphore {
    private final OpLock lock = new OpLock();
    private final WaitList<Acquire> waiters = new WaitList<>();
    /** Permits nobody holds or is collecting. Positive only while no waiter is queued. */
    private long permits;
    private boolean closed;

    /** A semaphore with {@code permits} initial permits ({@code >= 0}). */
    public Semaphore(long permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits < 0: " + permits);
        }
        this.permits = permits;
    }

    /** Acquires one permit; see {@link #acquire(int)}. */
    public Future<Void> acquire() {
        return acquire(1);
    }

    /**
     * A future that completes when {@code n} permits have been acquired for it. Nothing happens
     * until it is polled; its place in the queue is taken at the first poll. Fails with
     * {@link SemaphoreClosedException} if the semaphore is (or gets) {@link #close() closed} first.
     */
    public Future<Void> acquire(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        return new Acquire(n);
    }

    /** Takes one permit if one is free and nobody is queued; see {@link #tryAcquire(int)}. */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code n} permits at once if they are free and no waiter is queued (a try never
     * overtakes a waiter); returns whether it did.
     *
     * @throws SemaphoreClosedException if the semaphore is closed
     */
    public boolean tryAcquire(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        lock.lock();
        try {
            if (closed) {
                throw new SemaphoreClosedException();
            }
            if (waiters.isEmpty() && permits >= n) {
                permits -= n;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Releases one permit; see {@link #release(int)}. */
    public void release() {
        release(1);
    }

    /** Adds {@code n} permits, handing them to queued waiters in FIFO order first. */
    public void release(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0: " + n);
        }
        List<Waker> toWake = new ArrayList<>(1);
        lock.lock();
        try {
            releaseLocked(n, toWake);
        } finally {
            lock.unlock();
        }
        WaitList.wakeAll(toWake);
    }

    /** The number of permits free right now (zero while anyone is queued). */
    public long availablePermits() {
        lock.lock();
        try {
            return permits;
        } finally {
            lock.unlock();
        }
    }

    /** The number of acquisitions queued and not yet granted. */
    public int queueLength() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the semaphore: every queued acquisition and every later one fails with
     * {@link SemaphoreClosedException}; permits collected by queued waiters are returned to the
     * pool. {@link #release} still works. Closing twice does nothing.
     */
    public void close() {
        List<Waker> toWake = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Acquire a : waiters.drain()) {
                permits += a.collected();
                a.state = Acquire.CLOSED;
                Waker w = a.takeWaker();
                if (w != null) {
                    toWake.add(w);
                }
            }
        } finally {
            lock.unlock();
        }
        WaitList.wakeAll(toWake);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Adds permits and grants queued waiters in order; collects the wakers of granted ones. */
    private void releaseLocked(long n, List<Waker> toWake) {
        permits += n;
        Acquire head;
        while (permits > 0 && (head = waiters.peekFirst()) != null) {
            long give = Math.min(permits, head.remaining);
            head.remaining -= give;
            permits -= give;
            if (head.remaining == 0) {
                waiters.pollFirst();
                head.state = Acquire.GRANTED;
                Waker w = head.takeWaker();
                if (w != null) {
                    toWake.add(w);
                }
            }
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Semaphore[permits=" + permits + ", queued=" + waiters.size()
                    + (closed ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    /** One acquisition of {@code n} permits. Its fields are guarded by the semaphore's lock. */
    private final class Acquire extends WaitList.Node implements Future<Void> {
        static final int NEW = 0;
        static final int QUEUED = 1;
        static final int GRANTED = 2;
        static final int CLOSED = 3;
        static final int DONE = 4;
        static final int CANCELLED = 5;

        final int n;
        long remaining;
        int state = NEW;

        Acquire(int n) {
            this.n = n;
            this.remaining = n;
        }

        long collected() {
            return n - remaining;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            // Checked before anything is taken, so a yield leaves the state as it was (a new
            // acquisition takes no permit, a granted one keeps its permits for the next poll).
            Coop.Budget coop = Coop.budget(cx);
            if (coop.mustYield(cx)) { // the budget is spent: the task was woken and yields
                return Poll.pending();
            }
            lock.lock();
            try {
                switch (state) {
                    case NEW:
                        if (closed) {
                            state = DONE;
                            throw new SemaphoreClosedException();
                        }
                        if (waiters.isEmpty() && permits >= n) {
                            coop.spend(); // cannot refuse: the budget was checked above
                            permits -= n;
                            state = DONE;
                            return Poll.ready(null);
                        }
                        // Queue up, collecting what is free now (permits > 0 implies an empty
                        // queue, so this waiter is the head and is owed them first).
                        long take = Math.min(permits, remaining);
                        permits -= take;
                        remaining -= take;
                        state = QUEUED;
                        registerWaker(cx.waker());
                        waiters.addLast(this);
                        return Poll.pending();
                    case QUEUED:
                        registerWaker(cx.waker());
                        return Poll.pending();
                    case GRANTED:
                        coop.spend();
                        state = DONE;
                        return Poll.ready(null);
                    case CLOSED:
                        state = DONE;
                        throw new SemaphoreClosedException();
                    default:
                        throw new IllegalStateException(
                                "semaphore acquisition polled after it completed or was cancelled");
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel() {
            List<Waker> toWake = new ArrayList<>(1);
            lock.lock();
            try {
                switch (state) {
                    case QUEUED:
                        waiters.remove(this);
                        dropWaker();
                        releaseLocked(collected(), toWake);
                        break;
                    case GRANTED:
                        // Granted but never observed: the permits pass on to the next waiter.
                        releaseLocked(n, toWake);
                        break;
                    case NEW:
                    case CLOSED:
                        break;
                    default:
                        return; // completed or already cancelled: nothing to release
                }
                state = CANCELLED;
            } finally {
                lock.unlock();
            }
            WaitList.wakeAll(toWake);
        }

        @Override
        public String toString() {
            return "Semaphore.acquire(" + n + ")";
        }
    }
}
