package dev.jawait.task;

import dev.jawait.Context;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.Sneaky;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.util.concurrent.CancellationException;

/**
 * The completion cell behind a {@link JoinHandle}: holds the task's outcome, the waker of whoever
 * awaits it, and applies the unobserved-failure rule. Executor SPI: an executor subclasses it,
 * implements {@link #abort()}, and completes the cell exactly once with {@link #complete},
 * {@link #fail} or {@link #completeCancelled} from the thread that finished the task. Everything
 * else is thread-safe and may run on any thread.
 *
 * <h2>Awaiting</h2>
 * {@link #poll} returns the value, throws the failure as it is (checked exceptions too, never
 * wrapped), or throws {@link CancellationException} for an aborted task. Once it has done one of
 * these, polling again throws {@link IllegalStateException}. The awaiting waker is stored and
 * taken with atomic swaps, so every stored {@link Waker#clone() clone} is either woken or
 * {@link Waker#drop() dropped} exactly once, never used after its drop.
 *
 * <p>Returning the outcome consumes one unit of the awaiting task's {@link Coop} budget: a task
 * that has spent it gets pending (and a wake) instead, and the outcome on its next poll.
 *
 * <h2>Unobserved failures</h2>
 * A failure is <em>observed</em> when a poll of the handle throws it. A failure nobody observes is
 * reported once, and only once, to the executor's {@link UnhandledFailureHandler}, at the earliest
 * of these moments:
 * <ol>
 *   <li>when the task fails, if the handle was already {@link #cancel() cancelled} or
 *       {@link #detach() detached} (nobody will await it);</li>
 *   <li>when the handle is cancelled or detached after the task failed;</li>
 *   <li>after the handle has been garbage collected, the next time the executor calls
 *       {@link UnobservedFailures#reportCollected()} (for jawait's executors: when they run out of
 *       work, and at shutdown);</li>
 *   <li>when the executor shuts down ({@link UnobservedFailures#reportAll()}). Awaiting the handle
 *       afterwards still throws the failure.</li>
 * </ol>
 * A {@link CancellationException} a task ends with is cancellation, not a failure to report (the
 * Kotlin rule): awaiting still throws it, and the handler never sees it. The {@code task} the
 * handler receives is the object given to the constructor (jawait's executors pass the spawned
 * future).
 *
 * @param <T> the type of the task's value
 */
public abstract class JoinCell<T> extends JoinHandle<T> {
    // Bits of the state word. COMPLETING is claimed before the outcome is written, DONE publishes it.
    private static final int COMPLETING = 1;
    private static final int DONE = 1 << 1;
    private static final int ABANDONED = 1 << 2; // cancel() / detach(): nobody will await
    private static final int OBSERVED = 1 << 3; // a poll returned the outcome
    private static final int REPORTED = 1 << 4; // the failure went to the handler

    private static final VarHandle STATE;
    private static final VarHandle WAITER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(JoinCell.class, "state", int.class);
            WAITER = lookup.findVarHandle(JoinCell.class, "waiter", Waker.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final UnobservedFailures failures;
    private volatile int state;
    private volatile Waker waiter;

    // Written before DONE is set, read after DONE is seen: the state word publishes them.
    private Object task;
    private T value;
    private Throwable failure;
    private boolean aborted;
    private UnobservedFailures.Entry entry;

    /**
     * A pending cell.
     *
     * @param failures where this executor's unobserved failures go
     * @param task what to name the task when reporting its failure (held until the task ends, and
     *     until a failure is reported or observed)
     */
    protected JoinCell(UnobservedFailures failures, Object task) {
        this.failures = failures;
        this.task = task;
    }

    /** Completes the cell with {@code value}; returns {@code false} if it was already complete. */
    protected final boolean complete(T value) {
        if (!claimCompletion()) {
            return false;
        }
        this.value = value;
        this.task = null;
        publish(false);
        return true;
    }

    /**
     * Completes the cell with {@code failure}, which awaiting the handle rethrows as it is; returns
     * {@code false} if it was already complete.
     */
    protected final boolean fail(Throwable failure) {
        if (!claimCompletion()) {
            return false;
        }
        this.failure = failure;
        boolean reportable = !(failure instanceof CancellationException);
        if (!reportable) {
            this.task = null;
        } else if ((state & ABANDONED) == 0) {
            // Someone may still await: record it so that a dropped handle is reported too.
            this.entry = failures.track(this, task, failure);
        }
        publish(reportable);
        return true;
    }

    /**
     * Completes the cell as aborted: awaiting the handle throws {@link CancellationException}.
     * Returns {@code false} if it was already complete.
     */
    protected final boolean completeCancelled() {
        if (!claimCompletion()) {
            return false;
        }
        this.aborted = true;
        this.task = null;
        publish(false);
        return true;
    }

    private boolean claimCompletion() {
        return ((int) STATE.getAndBitwiseOr(this, COMPLETING) & COMPLETING) == 0;
    }

    private void publish(boolean reportable) {
        int before = (int) STATE.getAndBitwiseOr(this, DONE);
        if (reportable && (before & ABANDONED) != 0) {
            claimAndReport();
        }
        Waker w = (Waker) WAITER.getAndSet(this, null);
        if (w != null) {
            try {
                w.wake();
            } catch (Throwable wakerFailure) {
                // A faulty waker belongs to the awaiting side; it must not break the executor
                // that completes this cell.
                failures.report(this, wakerFailure);
            }
        }
    }

    /**
     * Returns the task's value once it is complete, or registers {@code cx}'s waker.
     *
     * @throws CancellationException if the task was aborted
     * @throws IllegalStateException if this handle already returned its outcome
     */
    @Override
    public final Poll<T> poll(Context cx) {
        if ((state & OBSERVED) != 0) {
            throw alreadyReturned();
        }
        if ((state & DONE) == 0) {
            Waker mine = cx.waker();
            Waker stored = waiter;
            if (stored == null || !stored.willWake(mine)) {
                Waker old = (Waker) WAITER.getAndSet(this, mine.clone());
                if (old != null) {
                    old.drop();
                }
            }
            // Store, then re-check: the completer sets DONE, then takes the waker (Dekker), so
            // either it finds our waker or we see DONE here.
            if ((state & DONE) == 0) {
                return Poll.pending();
            }
            Waker unused = (Waker) WAITER.getAndSet(this, null);
            if (unused != null) {
                unused.drop();
            }
        }
        if (!Coop.proceed(cx)) {
            return Poll.pending(); // the awaiting task spent its budget: it was woken to yield
        }
        int before;
        do {
            before = state;
            if ((before & OBSERVED) != 0) {
                throw alreadyReturned();
            }
        } while (!STATE.compareAndSet(this, before, before | OBSERVED));
        if ((before & REPORTED) == 0) {
            task = null;
            UnobservedFailures.Entry e = entry;
            if (e != null) {
                failures.unlink(e);
            }
        }
        // Keep this cell reachable until the entry is unlinked: otherwise the collector could
        // enqueue it meanwhile and the executor would report a failure we are about to throw.
        Reference.reachabilityFence(this);
        if (aborted) {
            throw new CancellationException("the task was aborted");
        }
        if (failure != null) {
            throw Sneaky.<RuntimeException>sneak(failure);
        }
        return Poll.ready(value);
    }

    /**
     * Stops waiting: drops the stored waker; the task keeps running. If the task failed or fails
     * later and this handle did not return the failure, the failure goes to the handler.
     */
    @Override
    public final void cancel() {
        int before = (int) STATE.getAndBitwiseOr(this, ABANDONED);
        Waker w = (Waker) WAITER.getAndSet(this, null);
        if (w != null) {
            w.drop();
        }
        if ((before & DONE) != 0 && isReportableFailure()) {
            claimAndReport();
        }
    }

    @Override
    public final boolean isFinished() {
        return (state & DONE) != 0;
    }

    /** Reports the failure if it is complete, reportable and not observed (executor shutdown). */
    final void reportIfUnobserved() {
        if ((state & DONE) != 0 && isReportableFailure()) {
            claimAndReport();
        }
    }

    private boolean isReportableFailure() {
        return failure != null && !(failure instanceof CancellationException);
    }

    private void claimAndReport() {
        int s;
        do {
            s = state;
            if ((s & (OBSERVED | REPORTED)) != 0) {
                return;
            }
        } while (!STATE.compareAndSet(this, s, s | REPORTED));
        UnobservedFailures.Entry e = entry;
        if (e != null) {
            failures.unlink(e);
        }
        Object t = task;
        task = null;
        failures.report(t, failure);
        Reference.reachabilityFence(this);
    }

    private static IllegalStateException alreadyReturned() {
        return new IllegalStateException("JoinHandle polled after it returned the task's outcome");
    }

    @Override
    public String toString() {
        int s = state;
        String what;
        if ((s & DONE) == 0) {
            what = "running";
        } else if (aborted) {
            what = "aborted";
        } else if (failure != null) {
            what = "failed: " + failure;
        } else {
            what = "completed";
        }
        String task = taskLabel();
        return "JoinHandle[" + (task.isEmpty() ? "" : "task " + task + ", ") + what + "]";
    }

    /**
     * How {@link #toString()} names the task, e.g. its id in the executor's task dump so that a
     * reader can find the awaited task there; empty if the executor has no such name.
     *
     * @return the task's label, or {@code ""}
     */
    protected String taskLabel() {
        return "";
    }
}
