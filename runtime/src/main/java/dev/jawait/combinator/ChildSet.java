package dev.jawait.combinator;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.Sneaky;
import dev.jawait.sync.AtomicWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine behind every combinator and {@link TaskScope}: a future that polls a set of child
 * futures itself, giving each child its own waker so that only the children that were woken are
 * polled again (futures-rs' {@code FuturesUnordered}).
 *
 * <p>A child's waker sets its {@code queued} flag and, on the false-to-true edge only, pushes the
 * child onto a concurrent ready queue and wakes the parent's waker (held in an
 * {@link AtomicWaker}). The poll loop clears the flag <em>before</em> polling the child, so a wake
 * during or after that poll queues it again and is never lost. Each parent poll polls at most as
 * many children as are live at its start, then yields (wakes itself and returns pending) if more
 * are ready, so one child that keeps waking itself cannot starve the executor.
 *
 * <p>Subclasses react to each child's outcome and call {@link #succeed} or {@link #fail}; the
 * poll that sees an outcome cancels every child still running (the losers), then completes.
 * Cancelling the parent cancels every running child. Children may be added from any thread until
 * the set closes.
 *
 * @param <R> the type of the parent's value
 */
abstract class ChildSet<R> implements Future<R> {
    private final AtomicWaker parent = new AtomicWaker();
    private final ConcurrentLinkedQueue<Child> ready = new ConcurrentLinkedQueue<>();
    /** Children added but not yet counted by the poller; guarded by {@link #addLock} for add. */
    private final ConcurrentLinkedQueue<Child> incoming = new ConcurrentLinkedQueue<>();
    private final Object addLock = new Object();
    private int nextIndex;
    /** Set under addLock; once set, no child can be added and wakes are ignored. */
    private volatile boolean closed;

    // Poller state: touched only by the task polling this future.
    private final List<Child> children = new ArrayList<>();
    private int unfinished;
    private boolean hasOutcome;
    private R result;
    private Throwable failure;
    private boolean done;

    /** One child: its future, its waker (this object), and its bookkeeping. */
    static final class Child extends Waker {
        final ChildSet<?> owner;
        final Future<?> future;
        final int index;
        final Object attachment;
        final Context cx = Context.of(this);
        /** True while the child sits in the ready queue (or is about to be polled). */
        final AtomicBoolean queued = new AtomicBoolean(true);
        /** Set from any thread to have the poller cancel this child. */
        volatile boolean abortRequested;
        /** Poller-only. */
        boolean finished;

        Child(ChildSet<?> owner, Future<?> future, int index, Object attachment) {
            this.owner = owner;
            this.future = future;
            this.index = index;
            this.attachment = attachment;
        }

        @Override
        public void wakeByRef() {
            if (!owner.closed && !queued.getAndSet(true)) {
                owner.ready.add(this);
                owner.parent.wake();
            }
        }

        /** Asks the poller to cancel this child at its next poll. Safe from any thread. */
        void requestAbort() {
            abortRequested = true;
            // If the child is already queued, the poller sees the flag when it dequeues it.
            wakeByRef();
        }

        @Override
        public String toString() {
            return "Child[" + index + ": " + future + "]";
        }
    }

    /**
     * Adds a child to be polled at the parent's next poll. Safe from any thread.
     *
     * @throws IllegalStateException if the set already completed or was cancelled
     */
    final Child add(Future<?> future, Object attachment) {
        Child c;
        synchronized (addLock) {
            if (closed) {
                throw new IllegalStateException("cannot add a child: " + this + " has ended");
            }
            c = new Child(this, future, nextIndex++, attachment);
            incoming.add(c);
            ready.add(c);
        }
        parent.wake();
        return c;
    }

    /** A child completed with {@code value}. */
    abstract void childCompleted(Child c, Object value);

    /** A child's poll threw {@code failure}. */
    abstract void childFailed(Child c, Throwable failure);

    /** A child was cancelled on request ({@link Child#requestAbort()}). */
    void childAborted(Child c) {}

    /** A child is being cancelled because the parent ended. */
    void childCancelled(Child c) {}

    /** Runs at the start of every poll, before any child is polled. */
    void beforePoll() {}

    /**
     * {@code name(child, child, ...)} listing the children still running, each by its own
     * {@code toString()}: what a task dump shows for a combinator. Reads the poller's list without
     * synchronisation, so from another thread it is a best-effort rendering.
     */
    final String describe(String name) {
        if (done) {
            return name + "(done)";
        }
        StringBuilder b = new StringBuilder(name).append('(');
        String sep = "";
        for (Child c : children.toArray(new Child[0])) {
            if (!c.finished) {
                b.append(sep).append(c.future);
                sep = ", ";
            }
        }
        for (Child c : incoming) {
            b.append(sep).append(c.future);
            sep = ", ";
        }
        return b.append(')').toString();
    }

    /** The number of children added and not yet finished, as the poller knows them. */
    final int unfinished() {
        drainIncoming();
        return unfinished;
    }

    /** Records the parent's value; the current poll completes with it. */
    final void succeed(R value) {
        if (!hasOutcome) {
            hasOutcome = true;
            result = value;
        }
    }

    /** Records the parent's failure; the current poll throws it. */
    final void fail(Throwable t) {
        if (!hasOutcome) {
            hasOutcome = true;
            failure = t;
        }
    }

    @Override
    public final Poll<R> poll(Context cx) {
        if (done) {
            throw new IllegalStateException(this + " polled after it completed or was cancelled");
        }
        parent.register(cx.waker());
        if (!hasOutcome) {
            beforePoll();
        }
        boolean more = hasOutcome ? false : pollReadyChildren();
        if (!hasOutcome) {
            if (more) {
                cx.waker().wakeByRef(); // yield: let other tasks run before the rest
            }
            return Poll.pending();
        }
        done = true;
        Throwable cancelFailure = cancelRemaining();
        if (failure != null) {
            if (cancelFailure != null && cancelFailure != failure) {
                failure.addSuppressed(cancelFailure);
            }
            throw Sneaky.<RuntimeException>sneak(failure);
        }
        if (cancelFailure != null) {
            throw Sneaky.<RuntimeException>sneak(cancelFailure);
        }
        R value = result;
        result = null;
        return Poll.ready(value);
    }

    /** Cancels every child still running. Cancelling a completed parent does nothing. */
    @Override
    public final void cancel() {
        if (done) {
            return;
        }
        done = true;
        Throwable cancelFailure = cancelRemaining();
        if (cancelFailure != null) {
            throw Sneaky.<RuntimeException>sneak(cancelFailure);
        }
    }

    /** Polls woken children until an outcome is known; returns whether more are ready. */
    private boolean pollReadyChildren() {
        drainIncoming();
        int budget = Math.max(1, unfinished);
        int polled = 0;
        while (!hasOutcome) {
            drainIncoming();
            if (polled >= budget) {
                return !ready.isEmpty();
            }
            Child c = ready.poll();
            if (c == null) {
                return false;
            }
            if (c.finished) {
                continue; // a stale wake of a child that already finished
            }
            c.queued.set(false); // clear, then poll: a wake from here on queues it again
            polled++;
            if (c.abortRequested) {
                finish(c);
                Throwable t = cancelQuietly(c);
                childAborted(c);
                if (t != null) {
                    fail(t);
                }
                continue;
            }
            Poll<?> p;
            try {
                p = c.future.poll(c.cx);
            } catch (Throwable t) {
                finish(c);
                childFailed(c, t);
                continue;
            }
            if (p.isReady()) {
                finish(c);
                childCompleted(c, p.get());
            }
        }
        return false;
    }

    private void finish(Child c) {
        c.finished = true;
        unfinished--;
    }

    private void drainIncoming() {
        for (Child c = incoming.poll(); c != null; c = incoming.poll()) {
            children.add(c);
            unfinished++;
        }
    }

    /** Closes the set and cancels every unfinished child; returns the first cancel failure. */
    private Throwable cancelRemaining() {
        synchronized (addLock) {
            closed = true;
        }
        drainIncoming();
        parent.clear();
        Throwable first = null;
        for (Child c : children) {
            if (c.finished) {
                continue;
            }
            finish(c);
            Throwable t = cancelQuietly(c);
            childCancelled(c);
            if (t != null) {
                if (first == null) {
                    first = t;
                } else {
                    first.addSuppressed(t);
                }
            }
        }
        children.clear();
        ready.clear();
        return first;
    }

    private static Throwable cancelQuietly(Child c) {
        try {
            c.future.cancel();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
