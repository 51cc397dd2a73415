package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.Sneaky;
import dev.jawait.task.JoinHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;

/**
 * The {@link JoinHandle} of a {@link WorkStealingExecutor} task, and the cell its outcome is
 * delivered into. It is the one object a spawn allocates: the pooled {@link WsTask} moves its
 * outcome here when it finishes and is recycled at once, whether or not anybody keeps the handle.
 * The handle reaches its task only to {@link #abort()} it, through the generation it was created
 * for, so a handle that outlives its task never touches the object's next occupant.
 *
 * <p>One state word, changed by CAS:
 * <ul>
 *   <li>{@code DONE} — the outcome fields are published (set once, by the finishing worker);</li>
 *   <li>{@code WAKER} — an awaiter stored its waker; the finisher takes and wakes it. While set
 *       and not {@code DONE}, only the awaiter may clear it (an AtomicWaker-style hand-off);</li>
 *   <li>{@code DETACHED} — {@link #cancel()} was called: nobody will await the outcome;</li>
 *   <li>{@code OBSERVED} — an await received the outcome; polling again throws;</li>
 *   <li>{@code REPORTED} — the failure went to the {@link dev.jawait.task.UnhandledFailureHandler}.
 *       Set by one CAS, so a failure is reported at most once.</li>
 * </ul>
 *
 * @param <T> the type of the task's value
 */
final class WsJoinHandle<T> extends JoinHandle<T> {
    private static final int DONE = 1;
    private static final int WAKER = 1 << 1;
    private static final int DETACHED = 1 << 2;
    private static final int OBSERVED = 1 << 3;
    private static final int REPORTED = 1 << 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WsJoinHandle.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    private final WorkStealingExecutor executor;
    private final WsTask task;
    private final long generation;

    /** The awaiter's waker; see {@code WAKER}. */
    private Waker waker;

    // The outcome, written before DONE is published.
    private Object value;
    private Throwable failure;
    private boolean cancelled;

    WsJoinHandle(WorkStealingExecutor executor, WsTask task, long generation) {
        this.executor = executor;
        this.task = task;
        this.generation = generation;
    }

    // ---------------------------------------------------------------- task side

    /** Publishes the outcome and wakes the awaiter, or reports a failure nobody will await. */
    void complete(Object value, Throwable failure, boolean cancelled) {
        this.value = value;
        this.failure = failure;
        this.cancelled = cancelled;
        if (failure != null && (((int) STATE.getVolatile(this)) & DETACHED) == 0) {
            // Registered before DONE is visible, so whoever observes or reports it can remove it.
            executor.unobservedFailures.add(this);
        }
        int s;
        boolean report;
        for (;;) {
            s = (int) STATE.getVolatile(this);
            report = failure != null && (s & DETACHED) != 0 && (s & REPORTED) == 0;
            if (STATE.compareAndSet(this, s, s | DONE | (report ? REPORTED : 0))) {
                break;
            }
        }
        if ((s & WAKER) != 0) {
            // WAKER and DETACHED are never both set (cancel() takes the waker back).
            Waker w = waker;
            waker = null;
            w.wake();
        }
        if (report) {
            executor.unobservedFailures.remove(this);
            executor.reportUnhandled(this, failure);
        }
    }

    /**
     * At executor termination: reports the failure if nobody observed or reported it yet.
     * A later await still receives it.
     */
    void reportIfUnobserved() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if ((s & DONE) == 0 || (s & (OBSERVED | REPORTED)) != 0) {
                return;
            }
            if (STATE.compareAndSet(this, s, s | REPORTED)) {
                executor.reportUnhandled(this, failure);
                return;
            }
        }
    }

    /** The pooled object that ran (or runs) this handle's task; for tests. */
    WsTask taskObject() {
        return task;
    }

    /** The incarnation of {@link #taskObject()} this handle belongs to; for tests. */
    long generation() {
        return generation;
    }

    // ---------------------------------------------------------------- awaiter side

    /**
     * The task's value, or its failure thrown unwrapped, or {@link CancellationException} if it
     * was aborted; pending (with {@code cx}'s waker stored) until the task finishes.
     *
     * @throws IllegalStateException if the outcome was already received or the handle cancelled
     */
    @Override
    public Poll<T> poll(Context cx) {
        int s = (int) STATE.getVolatile(this);
        checkPollable(s);
        if ((s & DONE) != 0) {
            return take();
        }
        if ((s & WAKER) != 0) {
            // The finisher may be taking it right now (then it is null, or about to be woken):
            // either way a wake is owed or DONE is set, and the CAS below notices DONE.
            Waker current = waker;
            if (current != null && current.willWake(cx.waker())) {
                return Poll.pending();
            }
            // Take the stored waker back before replacing it; fails only if DONE was just set.
            if (!STATE.compareAndSet(this, s, s & ~WAKER)) {
                return take();
            }
            Waker old = waker;
            waker = null;
            old.drop(); // not null: only this awaiter clears it while DONE is unset
            s &= ~WAKER;
        }
        Waker mine = cx.waker().clone();
        waker = mine;
        if (!STATE.compareAndSet(this, s, s | WAKER)) {
            waker = null;
            mine.drop();
            return take();
        }
        return Poll.pending();
    }

    /** Stops waiting; the task keeps running. A failure not yet observed is reported now or when it happens. */
    @Override
    public void cancel() {
        int s;
        int n;
        boolean report;
        for (;;) {
            s = (int) STATE.getVolatile(this);
            if ((s & (DETACHED | OBSERVED)) != 0) {
                return;
            }
            n = s | DETACHED;
            if ((s & DONE) == 0) {
                n &= ~WAKER;
            }
            report = (s & DONE) != 0 && failure != null && (s & REPORTED) == 0;
            if (report) {
                n |= REPORTED;
            }
            if (STATE.compareAndSet(this, s, n)) {
                break;
            }
        }
        if ((s & DONE) == 0 && (s & WAKER) != 0) {
            Waker old = waker;
            waker = null;
            old.drop();
        }
        if ((s & DONE) != 0 && failure != null) {
            executor.unobservedFailures.remove(this);
        }
        if (report) {
            executor.reportUnhandled(this, failure);
        }
    }

    @Override
    public void abort() {
        if ((((int) STATE.getVolatile(this)) & DONE) == 0) {
            task.abort(generation);
        }
    }

    @Override
    public boolean isFinished() {
        return (((int) STATE.getVolatile(this)) & DONE) != 0;
    }

    @Override
    public String toString() {
        int s = (int) STATE.getVolatile(this);
        String outcome = (s & DONE) == 0
                ? "running"
                : cancelled ? "cancelled" : failure != null ? "failed: " + failure : "done";
        return "JoinHandle[" + outcome + "]";
    }

    // ---------------------------------------------------------------- helpers

    private static void checkPollable(int s) {
        if ((s & OBSERVED) != 0) {
            throw new IllegalStateException("JoinHandle polled after it delivered its outcome");
        }
        if ((s & DETACHED) != 0) {
            throw new IllegalStateException("JoinHandle polled after cancel()");
        }
    }

    /** Delivers the published outcome once. */
    @SuppressWarnings("unchecked")
    private Poll<T> take() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            checkPollable(s);
            if (STATE.compareAndSet(this, s, s | OBSERVED)) {
                break;
            }
        }
        if (failure != null) {
            executor.unobservedFailures.remove(this);
            throw Sneaky.<RuntimeException>sneak(failure);
        }
        if (cancelled) {
            throw new CancellationException("task was aborted");
        }
        return Poll.ready((T) value);
    }
}
