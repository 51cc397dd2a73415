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
 * implements {@link #abort()}, {@link #failures()} and the {@link Waker} methods, and completes the
 * cell exactly once with {@link #complete}, {@link #completeReady}, {@link #fail} or
 * {@link #completeCancelled} from the thread that finished the task (completion is not a race the
 * cell arbitrates: the executor already knows which thread finishes a task). Everything else is
 * thread-safe and may run on any thread.
 *
 * <h2>One object per task</h2>
 * A cell is also a {@link Waker}, and its one state word has room for the executor's own bits
 * (from bit {@value #EXECUTOR_SHIFT} up, see {@link #word()}), so that an executor can make
 * one object the task's handle, its waker and its bookkeeping (jawait's {@code LocalExecutor}
 * does). Until it completes, the cell holds the spawned future ({@link #spawned()}): the executor
 * polls it from there, and it names the task if its failure must be reported. Completing replaces
 * it with the outcome: the task's own ready {@link Poll}, which awaiting the handle returns as it
 * is (one {@code Poll} per task, not one per hop); a failure in a small wrapper allocated only
 * then; or a shared marker for an aborted task.
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
 *       work, and at shutdown). Where the cell is also the task's waker ({@code LocalExecutor}),
 *       a waker clone kept somewhere keeps the handle reachable too: the failure is then reported
 *       once those clones are gone as well, or at shutdown;</li>
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
public abstract class JoinCell<T> extends Waker implements JoinHandle<T> {
    // Bits of the state word. DONE publishes the outcome (written just before it).
    private static final long DONE = 1 << 1;
    private static final long ABANDONED = 1 << 2; // cancel() / detach(): nobody will await
    private static final long OBSERVED = 1 << 3; // a poll threw the failure or cancellation
    private static final long REPORTED = 1 << 4; // the failure went to the handler
    private static final long ABORT_REQUESTED = 1 << 5; // see requestAbort()

    /** The lowest bit of the {@linkplain #stateWord() state word} that belongs to the executor. */
    protected static final int EXECUTOR_SHIFT = 8;

    private static final long JOIN_BITS = (1L << EXECUTOR_SHIFT) - 1;

    /** The outcome of a task that was aborted. */
    private static final Object CANCELLED = new Object();

    /** The outcome once a poll has returned a value (so that the next poll throws). */
    private static final Object RETURNED = new Object();

    private static final VarHandle STATE;
    private static final VarHandle WAITER;
    private static final VarHandle OUTCOME;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(JoinCell.class, "state", long.class);
            WAITER = lookup.findVarHandle(JoinCell.class, "waiter", Waker.class);
            OUTCOME = lookup.findVarHandle(JoinCell.class, "outcome", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long state;
    private volatile Waker waiter;

    /**
     * The spawned future until the cell completes, then the outcome: a ready {@link Poll}, a
     * {@link Failed}, or {@link #CANCELLED}; {@link #RETURNED} once a poll returned the value.
     * Written before DONE is set and read after DONE is seen: the state word publishes it. A
     * value is also written with a release store, so that {@link #poll} may take a ready
     * {@code Poll} it reads here (with an acquire load) without looking at the word. In a cell
     * whose {@link #ownerCompletes() owner completes it}, a value is published by this field
     * alone (DONE stays clear), and a ready {@code Poll} or {@code RETURNED} here is what says
     * the cell is finished.
     */
    private Object outcome;

    /**
     * A pending cell.
     *
     * @param task the spawned future: the executor polls it through {@link #spawned()}, and it
     *     names the task when its failure is reported (held until the task ends, and until a
     *     failure is reported or observed)
     */
    protected JoinCell(Object task) {
        this.outcome = task;
    }

    /**
     * A pending cell whose executor bits are known at construction (say, the task's id), which
     * saves the atomic step of {@link #setExecutorBits} later. The word is written with release
     * semantics: another thread sees it once the cell reaches it through any safe publication.
     *
     * @param task as for {@link #JoinCell(Object)}
     * @param executorBits the executor's part of the state word (bits below
     *     {@value #EXECUTOR_SHIFT} must be clear)
     */
    protected JoinCell(Object task, long executorBits) {
        if ((executorBits & JOIN_BITS) != 0) {
            throw new IllegalArgumentException("bits below EXECUTOR_SHIFT belong to the cell");
        }
        this.outcome = task;
        STATE.setRelease(this, executorBits);
    }

    /** Where this executor's unobserved failures go. */
    protected abstract UnobservedFailures failures();

    /**
     * Whether this cell takes part in the <em>owner protocol</em>, which makes completing it with
     * a value cost no atomic step: the value is published with a release store, and the waiter is
     * read without the full fence that would otherwise have to sit between the two. Without that
     * fence the completing thread can miss a waiter that another thread stores at the same
     * moment, so an executor that answers {@code true} promises all of this:
     * <ul>
     *   <li>it completes the cell with a value ({@link #completeReady}) only on its owner thread
     *       (the one thread running it at that moment);</li>
     *   <li>when {@link #waiterStored()} runs on any other thread, it makes its owner thread call
     *       {@link #wakeWaiterIfFinished()} afterwards, and it does not let its owner thread stop
     *       running it (return, park) without first executing a full fence and then handling
     *       every such request made so far.</li>
     * </ul>
     * A waiter stored on the owner thread itself needs nothing: it cannot race with a completion
     * on the same thread. Failures and cancellations are published with the atomic step either
     * way. The default is {@code false}: any thread may complete the cell.
     */
    protected boolean ownerCompletes() {
        return false;
    }

    /**
     * Called by {@link #poll} on the polling thread right after it stored a new waiter and before
     * it checks once more whether the cell finished. The default does nothing; a cell whose
     * {@link #ownerCompletes() owner completes it} uses it as described there.
     */
    protected void waiterStored() {}

    /**
     * For the owner thread of a cell whose {@link #ownerCompletes() owner completes it}: if the cell
     * has finished and a waiter is still stored, wakes it (the answer to {@link #waiterStored()}
     * from another thread). Does nothing otherwise.
     */
    protected final void wakeWaiterIfFinished() {
        if (isFinished()) {
            wakeWaiter();
        }
    }

    /**
     * The future given to the constructor, until the cell completes ({@code null} or the outcome
     * afterwards). For the executor thread that runs the task.
     */
    protected final Object spawned() {
        return outcome;
    }

    // ------------------------------------------------------------------ the executor's bits

    /**
     * The state word. Bits below {@value #EXECUTOR_SHIFT} are the cell's; the others are free for
     * the executor, set with {@link #setExecutorBits} or {@link #compareAndSetWord} (for instance a
     * task id, a "claimed" flag, or a pooled task's lifecycle, reference count and generation).
     */
    protected final long word() {
        return state;
    }

    /**
     * Atomically replaces the state word {@code expect} by {@code update}, which must differ from
     * it only in the executor's bits (at or above {@value #EXECUTOR_SHIFT}); returns whether it did.
     * A change of the cell's own bits in between makes it fail, like any other change.
     */
    protected final boolean compareAndSetWord(long expect, long update) {
        if (((expect ^ update) & JOIN_BITS) != 0) {
            throw new IllegalArgumentException("bits below EXECUTOR_SHIFT belong to the cell");
        }
        return STATE.compareAndSet(this, expect, update);
    }

    /**
     * Replaces the state word {@code expect} by {@code update} (which must differ from it only in
     * the executor's bits) with a release store instead of a CAS: only for a caller that knows no
     * other thread can change the word meanwhile (say, it holds the last reference to a finished
     * task), so that the word is still {@code expect}.
     */
    protected final void setWordExclusively(long expect, long update) {
        if (((expect ^ update) & JOIN_BITS) != 0) {
            throw new IllegalArgumentException("bits below EXECUTOR_SHIFT belong to the cell");
        }
        STATE.setRelease(this, update);
    }

    /**
     * Makes a pooled cell pending again, for a new task: {@code task} as the spawned future, no
     * waiter, and {@code executorBits} as the executor's part of the word. {@code detached}: nobody
     * will await this task (a failure is reported as soon as it happens). Only while no other
     * thread can reach the cell: after {@link #forget()}, once its last reference is gone. The
     * word is written with release semantics (no full fence): the cell must reach other threads
     * through a safe publication, such as the run queue it is pushed to.
     */
    protected final void reset(Object task, long executorBits, boolean detached) {
        this.outcome = task;
        WAITER.set(this, null); // plain: the release store below publishes both
        STATE.setRelease(this, (executorBits & ~JOIN_BITS) | (detached ? ABANDONED : 0));
    }

    /**
     * Drops the outcome and any waiter, so that a cell kept in a pool does not keep them alive.
     * Only once nobody can poll the cell any more.
     */
    protected final void forget() {
        this.outcome = null;
        WAITER.set(this, null); // plain: whatever hands the cell on (a pool) publishes it
    }

    /**
     * The object whose garbage collection means nobody can await this cell any more, which the
     * unobserved-failure rule watches: the cell itself, unless the executor hands out another
     * object as the handle (a pooled cell behind a per-spawn view).
     */
    protected Object observer() {
        return this;
    }

    /**
     * Atomically sets {@code bits} (all at or above bit {@value #EXECUTOR_SHIFT}) in the state
     * word, and returns the word as it was before.
     */
    protected final long setExecutorBits(long bits) {
        if ((bits & JOIN_BITS) != 0) {
            throw new IllegalArgumentException("bits below EXECUTOR_SHIFT belong to the cell");
        }
        return (long) STATE.getAndBitwiseOr(this, bits);
    }

    /**
     * Atomically clears {@code bits} (all at or above bit {@value #EXECUTOR_SHIFT}) in the state
     * word, and returns the word as it was before.
     */
    protected final long clearExecutorBits(long bits) {
        if ((bits & JOIN_BITS) != 0) {
            throw new IllegalArgumentException("bits below EXECUTOR_SHIFT belong to the cell");
        }
        return (long) STATE.getAndBitwiseAnd(this, ~bits);
    }

    /**
     * Records that {@link #abort()} was called and returns the state word as it was before, in
     * the same atomic step, so that the executor can tell from the bits it set whether it will see
     * the request by itself (see {@link #isAbortRequested()}) or must be told.
     */
    protected final long requestAbort() {
        return (long) STATE.getAndBitwiseOr(this, ABORT_REQUESTED);
    }

    /** Whether {@link #requestAbort()} was called. */
    protected final boolean isAbortRequested() {
        return (state & ABORT_REQUESTED) != 0;
    }

    /** Whether {@code word} (a {@link #word()} value) is that of a completed cell. */
    protected static boolean finishedIn(long word) {
        return (word & DONE) != 0;
    }

    /** Whether {@code word} (a {@link #word()} value) records an abort request. */
    protected static boolean abortRequestedIn(long word) {
        return (word & ABORT_REQUESTED) != 0;
    }

    /** Whether the handle was {@link #cancel() cancelled} or detached: nobody will await it. */
    protected final boolean isAbandoned() {
        return (state & ABANDONED) != 0;
    }

    // ------------------------------------------------------------------ completion

    /** Completes the cell with {@code value}; returns {@code false} if it was already complete. */
    protected final boolean complete(T value) {
        return completeReady(Poll.ready(value));
    }

    /**
     * Completes the cell with the value of {@code ready}, the task's own ready poll, which awaiting
     * the handle then returns as it is; returns {@code false} if the cell was already complete.
     *
     * @throws IllegalArgumentException if {@code ready} is pending
     */
    protected final boolean completeReady(Poll<T> ready) {
        if (ready.isPending()) {
            throw new IllegalArgumentException("completeReady with a pending poll");
        }
        if (isFinished()) {
            return false;
        }
        if (ownerCompletes()) {
            completeReadyByOwner(ready);
        } else {
            OUTCOME.setRelease(this, ready); // release: poll may take the value before DONE
            publish(false);
        }
        return true;
    }

    /**
     * {@link #completeReady} for the owner thread of a cell whose {@linkplain #ownerCompletes()
     * owner completes it}, when it knows the cell is not complete and {@code ready} is ready (an
     * executor that has just polled its task to a value): the same, without checking either.
     */
    protected final void completeReadyByOwner(Poll<T> ready) {
        assert ownerCompletes() && ready.isReady() && !isFinished();
        // No atomic step: see ownerCompletes() for why a plain read of the waiter is enough.
        OUTCOME.setRelease(this, ready);
        wakeWaiter();
    }

    /**
     * Completes the cell with {@code failure}, which awaiting the handle rethrows as it is; returns
     * {@code false} if it was already complete.
     */
    protected final boolean fail(Throwable failure) {
        if (isFinished()) {
            return false;
        }
        Failed failed = new Failed(failure, outcome);
        boolean reportable = !(failure instanceof CancellationException);
        if (!reportable) {
            failed.task = null;
        } else if ((state & ABANDONED) == 0) {
            // Someone may still await: record it so that a dropped handle is reported too.
            failed.entry = failures().track(observer(), this, failed.task, failure);
        }
        this.outcome = failed;
        publish(reportable);
        return true;
    }

    /**
     * Completes the cell as aborted: awaiting the handle throws {@link CancellationException}.
     * Returns {@code false} if it was already complete.
     */
    protected final boolean completeCancelled() {
        if (isFinished()) {
            return false;
        }
        this.outcome = CANCELLED;
        publish(false);
        return true;
    }

    private void publish(boolean reportable) {
        long before = (long) STATE.getAndBitwiseOr(this, DONE);
        if (reportable && (before & ABANDONED) != 0) {
            claimAndReport();
        }
        // Safe by the same Dekker pairing as poll's: DONE is set before the waiter is read, and a
        // waker stored after that is followed by the awaiter's re-check, which then sees DONE and
        // takes its own waker back.
        wakeWaiter();
    }

    /** Wakes and removes the stored waiter, if any. */
    private void wakeWaiter() {
        // Most outcomes are published before anyone waits for them: a plain read skips the swap.
        Waker w = waiter == null ? null : (Waker) WAITER.getAndSet(this, null);
        if (w != null) {
            try {
                w.wake();
            } catch (Throwable wakerFailure) {
                // A faulty waker belongs to the awaiting side; it must not break the executor
                // that completes this cell.
                failures().report(this, wakerFailure);
            }
        }
    }

    // ------------------------------------------------------------------ the handle

    /**
     * Returns the task's value once it is complete, or registers {@code cx}'s waker.
     *
     * @throws CancellationException if the task was aborted
     * @throws IllegalStateException if this handle already returned its outcome
     */
    @Override
    public final Poll<T> poll(Context cx) {
        if (OUTCOME.getAcquire(this) instanceof Poll) {
            return returnValue(cx); // the usual case: a value is there (see returnValue)
        }
        if (!isFinished()) {
            Waker mine = cx.waker();
            Waker stored = waiter;
            if (stored == null || !stored.willWake(mine)) {
                Waker old = (Waker) WAITER.getAndSet(this, mine.clone());
                if (old != null) {
                    old.drop();
                }
                waiterStored();
            }
            // Store, then re-check: the completer sets DONE, then takes the waker (Dekker), so
            // either it finds our waker or we see DONE here. (Under the owner protocol the
            // owner's later check takes the completer's place when this thread is another.)
            if (!isFinished()) {
                return Poll.pending();
            }
            Waker unused = (Waker) WAITER.getAndSet(this, null);
            if (unused != null) {
                unused.drop();
            }
        }
        Object result = outcome;
        if (result == RETURNED) {
            throw alreadyReturned();
        }
        if (result instanceof Poll) {
            return returnValue(cx);
        }
        if (!Coop.proceed(cx)) {
            return Poll.pending(); // the awaiting task spent its budget: it was woken to yield
        }
        return takeAbnormalOutcome();
    }

    /**
     * The value, once a ready {@link Poll} is in {@link #outcome} (and the budget allows): nothing
     * to report, so no atomic step is needed to mark it returned (two tasks polling one handle at
     * the same instant is a race of the caller's making). Seeing the {@code Poll} is enough, even
     * before DONE in a cell any thread completes: it was stored with release semantics (see
     * {@link #outcome}), so whatever the task did before it finished is visible here.
     */
    private Poll<T> returnValue(Context cx) {
        if (!Coop.proceed(cx)) {
            return Poll.pending(); // the awaiting task spent its budget: it was woken to yield
        }
        @SuppressWarnings("unchecked")
        Poll<T> ready = (Poll<T>) outcome;
        outcome = RETURNED;
        return ready;
    }

    /**
     * The failure or cancellation of a finished task, thrown; marked observed in the same atomic
     * step that checks it was not reported, so that a failure is either thrown here or reported.
     */
    private Poll<T> takeAbnormalOutcome() {
        long before;
        do {
            before = state;
            if ((before & OBSERVED) != 0) {
                throw alreadyReturned();
            }
        } while (!STATE.compareAndSet(this, before, before | OBSERVED));
        Object result = outcome;
        if ((before & REPORTED) == 0 && result instanceof Failed) {
            Failed failed = (Failed) result;
            failed.task = null;
            if (failed.entry != null) {
                failures().unlink(failed.entry);
            }
        }
        // Keep this cell reachable until the entry is unlinked: otherwise the collector could
        // enqueue it meanwhile and the executor would report a failure we are about to throw.
        Reference.reachabilityFence(this);
        if (result == CANCELLED) {
            throw new CancellationException("the task was aborted");
        }
        throw Sneaky.<RuntimeException>sneak(((Failed) result).failure);
    }

    /**
     * Stops waiting: drops the stored waker; the task keeps running. If the task failed or fails
     * later and this handle did not return the failure, the failure goes to the handler.
     */
    @Override
    public final void cancel() {
        long before = (long) STATE.getAndBitwiseOr(this, ABANDONED);
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
        if ((state & DONE) != 0) {
            return true;
        }
        if (!ownerCompletes()) {
            return false;
        }
        Object result = OUTCOME.getAcquire(this);
        return result instanceof Poll || result == RETURNED;
    }

    /** Reports the failure if it is complete, reportable and not observed (executor shutdown). */
    final void reportIfUnobserved() {
        if ((state & DONE) != 0 && isReportableFailure()) {
            claimAndReport();
        }
    }

    /** Only after DONE was seen. */
    private boolean isReportableFailure() {
        Object result = outcome;
        return result instanceof Failed && !(((Failed) result).failure instanceof CancellationException);
    }

    private void claimAndReport() {
        long s;
        do {
            s = state;
            if ((s & (OBSERVED | REPORTED)) != 0) {
                return;
            }
        } while (!STATE.compareAndSet(this, s, s | REPORTED));
        Failed failed = (Failed) outcome;
        if (failed.entry != null) {
            failures().unlink(failed.entry);
        }
        Object t = failed.task;
        failed.task = null;
        failures().report(t, failed.failure);
        Reference.reachabilityFence(this);
    }

    private static IllegalStateException alreadyReturned() {
        return new IllegalStateException("JoinHandle polled after it returned the task's outcome");
    }

    @Override
    public String toString() {
        return describeHandle();
    }

    /** What {@link #toString()} returns: the handle, its task's label and its state. */
    protected final String describeHandle() {
        String what;
        if (!isFinished()) {
            what = "running";
        } else if (outcome == CANCELLED) {
            what = "aborted";
        } else if (outcome instanceof Failed) {
            what = "failed: " + ((Failed) outcome).failure;
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

    /**
     * The outcome of a failed task: allocated only on failure, so that a successful task's cell
     * needs one field for its outcome.
     */
    private static final class Failed {
        final Throwable failure;
        /** Names the task for the handler; cleared once the failure is reported or observed. */
        Object task;
        /** Set if the failure was recorded for a handle that may be garbage collected. */
        UnobservedFailures.Entry entry;

        Failed(Throwable failure, Object task) {
            this.failure = failure;
            this.task = task;
        }
    }
}
