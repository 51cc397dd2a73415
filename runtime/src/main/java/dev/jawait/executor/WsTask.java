package dev.jawait.executor;

import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.Polls;
import dev.jawait.task.JoinCell;
import dev.jawait.task.UnobservedFailures;

/**
 * One task of a {@link WorkStealingExecutor}, its own {@link Waker} (the refcount strategy:
 * waker = task), and the {@link JoinCell} that holds its outcome. Task objects are pooled: one
 * object hosts many tasks in turn ("incarnations"); a spawn allocates only the 16-byte
 * {@link WsJoinHandle} the caller gets, a view of this object.
 *
 * <h2>The state word</h2>
 * One {@code long}, the cell's word, changed only by CAS loops (tokio's and async-task's layout,
 * notes/runtime.md §4c and §5); the low byte is the cell's (outcome published, handle cancelled,
 * outcome observed, failure reported, abort requested):
 * <pre>
 *  63 ........ 40 | 39 ............ 14 | 13         | 12          | 11        | 10       | 9       | 8         | 7 .. 0
 *  generation(24) | reference count(26) | HANDED_OVER | HANDLE_GONE | CANCELLED | COMPLETE | RUNNING | SCHEDULED | the cell's
 * </pre>
 * <ul>
 *   <li>{@code SCHEDULED} — the task is owed a poll: it sits in exactly one run queue, or it is
 *       {@code RUNNING} and the poller will requeue it as a yield when the poll returns pending.</li>
 *   <li>{@code RUNNING} — a worker owns the future (polling or cancelling it). Never together with
 *       {@code COMPLETE}. A new spawn (see {@link #init}), and a task that woke itself during its
 *       poll (a yield, see {@link WsWorker}), sit in their run queue entry {@code RUNNING}:
 *       whoever takes the entry owns the task without a CAS, and a wake from elsewhere meanwhile
 *       sets {@code SCHEDULED} as for any running task (which costs at most one spurious poll).</li>
 *   <li>{@code COMPLETE} — terminal for this incarnation: the outcome was delivered and the future
 *       released. Wakes are no-ops from here on.</li>
 *   <li>{@code CANCELLED} — {@link #abort abort} was requested; whoever next owns the future calls
 *       {@link Future#cancel()} instead of polling.</li>
 *   <li>reference count — one per counted holder: the run queue entry (or the running worker,
 *       which inherits it), every waker handed out by {@link #clone()}, and the join handle until
 *       it has taken the outcome (or was cancelled and the task finished). {@link Context#waker()}
 *       is a borrowed, uncounted reference valid during a poll.</li>
 *   <li>{@code HANDLE_GONE} — the join handle was {@link WsJoinHandle#cancel() cancelled}: a
 *       second cancel of the same handle does nothing (it could otherwise reach the object after
 *       its reuse).</li>
 *   <li>{@code HANDED_OVER} — that cancel returned before the task finished, handing the handle's
 *       reference to the worker that finishes the task. Set only while the cell is not done, so
 *       either that worker sees it after completing the cell, or the cancel sees the cell done and
 *       releases the reference itself: exactly one of them does, and never while the cancel still
 *       reads the cell (its unobserved-failure report needs the outcome).</li>
 *   <li>generation — bumped each time the object is reused for a new task.</li>
 * </ul>
 *
 * <h2>Why a stale reference never affects a new occupant</h2>
 * The object returns to the pool only when the word reaches {@code COMPLETE} with a count of zero,
 * so a waker that has not been {@link #drop() dropped} pins its incarnation: it can only ever
 * wake the task it was cloned from, and waking a completed task does nothing. (Using a waker after
 * dropping it is a contract violation, as in Rust; {@code wakeByRef} then costs the new occupant at
 * most one spurious poll, which the {@link Future} contract allows, and a second drop of an object
 * sitting in the pool is detected.) The join handle holds a counted reference too, so the outcome
 * it reads is its own task's; it gives it up (and forgets the object) once it has taken the
 * outcome, or once it is cancelled and the task finished. A handle garbage collected before that
 * never gives it up: its object is then collected too instead of being pooled (and a failure in
 * it is reported, see {@link JoinCell}).
 *
 * <p>An idle task whose count drops to zero (nothing can wake it) is not complete, so it is not
 * recycled: the executor's registry of suspended tasks still reaches it for abort and shutdown.
 */
final class WsTask extends JoinCell<Object> {
    static final long SCHEDULED = 1L << EXECUTOR_SHIFT;
    static final long RUNNING = 1L << (EXECUTOR_SHIFT + 1);
    static final long COMPLETE = 1L << (EXECUTOR_SHIFT + 2);
    static final long CANCELLED = 1L << (EXECUTOR_SHIFT + 3);
    private static final long HANDLE_GONE = 1L << (EXECUTOR_SHIFT + 4);
    private static final long HANDED_OVER = 1L << (EXECUTOR_SHIFT + 5);

    private static final int REF_SHIFT = EXECUTOR_SHIFT + 6;
    static final long REF_ONE = 1L << REF_SHIFT;
    private static final long REF_MAX = 0x03FF_FFFFL;
    private static final long REF_MASK = REF_MAX << REF_SHIFT;

    private static final int GEN_SHIFT = 40;
    static final long GEN_ONE = 1L << GEN_SHIFT;
    static final long GEN_MASK = -GEN_ONE;

    /** {@link #transitionToIdle()}: the task is idle; the running reference was released. */
    static final int IDLE = 0;
    /** {@link #transitionToIdle()}: woken during the poll; requeue it as a yield. */
    static final int NOTIFIED = 1;
    /** {@link #transitionToIdle()}: aborted during the poll; cancel it now. */
    static final int ABORTED = 2;

    final WorkStealingExecutor executor;

    /**
     * The handle of the current incarnation, until the task finishes ({@code null} for a detached
     * spawn). Written by the spawner before the task is published through a run queue, then owned
     * by the worker holding RUNNING.
     */
    WsJoinHandle<?> handle;

    /** When a worker last queued it, on that worker's clock (a hint for its fairness rule). */
    int queuedAt;

    /** Link in the injection queue or the shared free list; a task is never in both. */
    WsTask next;

    // Membership in the executor's registry of suspended tasks (null until the task first
    // suspends); guarded by that registry's lock.
    WsTaskRegistry registry;
    WsTask liveNext;
    WsTask livePrev;

    WsTask(WorkStealingExecutor executor) {
        super(null);
        this.executor = executor;
        // A fresh object looks like a recycled one: complete, no references, generation 0.
        reset(null, COMPLETE, true);
    }

    /** The spawned future of the current incarnation, until it completes. */
    Future<?> future() {
        return (Future<?>) spawned();
    }

    /** Worker {@code w}, holding RUNNING: polls the future with {@code w}'s context. */
    Poll<?> pollOn(WsWorker w) {
        Future<?> f = future();
        return Polls.nonNull(f.poll(w.context), f);
    }

    // ---------------------------------------------------------------- lifecycle (executor side)

    /** The generation the next incarnation will carry. Only for a pooled (complete, unreferenced) object. */
    long nextGeneration() {
        return (word() & GEN_MASK) + GEN_ONE;
    }

    /**
     * Starts a new incarnation, with one reference owned by the run queue entry the spawner is
     * about to create, and one owned by {@code handle} if there is one. It starts {@code RUNNING},
     * owned by that queue entry: nobody holds its waker before its first poll, so only an abort
     * can race with the worker that takes it, which then needs no CAS to own it.
     */
    void init(Future<?> future, WsJoinHandle<?> handle, long generation) {
        this.handle = handle;
        this.next = null;
        reset(future, generation | RUNNING | (handle != null ? 2 * REF_ONE : REF_ONE), handle == null);
    }

    /** The generation of the current incarnation. */
    long generation() {
        return word() & GEN_MASK;
    }

    /**
     * Called by the worker that took this task off a run queue (it now owns the queue's reference).
     * Clears {@code SCHEDULED}, sets {@code RUNNING}; a task queued {@code RUNNING} (a new spawn, a
     * yield) is owned by whoever took its entry, with no CAS.
     *
     * @return {@code true} if the task was aborted and must be cancelled instead of polled
     */
    boolean transitionToRunning() {
        long w = word();
        if ((w & RUNNING) != 0) {
            // A spawn or a yield queued RUNNING: the queue entry handed ownership over.
            return (w & CANCELLED) != 0;
        }
        for (;;) {
            long s = word();
            assert (s & SCHEDULED) != 0 && (s & COMPLETE) == 0 : describe(s);
            if (compareAndSetWord(s, (s & ~SCHEDULED) | RUNNING)) {
                return (s & CANCELLED) != 0;
            }
        }
    }

    /**
     * Called by the worker when a poll returned pending.
     *
     * @return {@link #IDLE}, {@link #NOTIFIED} (the running reference now belongs to the queue
     *     entry the caller must create, at the back of its queue) or {@link #ABORTED} (the caller
     *     still owns the task and must cancel it)
     */
    int transitionToIdle() {
        for (;;) {
            long s = word();
            if ((s & CANCELLED) != 0) {
                if (compareAndSetWord(s, s & ~SCHEDULED)) {
                    return ABORTED;
                }
            } else if ((s & SCHEDULED) != 0) {
                if (compareAndSetWord(s, s & ~RUNNING)) {
                    return NOTIFIED;
                }
            } else if (compareAndSetWord(s, (s & ~RUNNING) - REF_ONE)) {
                // The count may reach zero here: an idle task nobody can wake. It is not complete,
                // so it stays out of the pool; the registry still finds it for abort and shutdown.
                return IDLE;
            }
        }
    }

    /**
     * Called by the worker once the outcome is delivered: sets {@code COMPLETE}, forgets a wake
     * that arrived during the last poll, releases the running reference, and recycles the object
     * if that was the last reference.
     */
    void transitionToComplete() {
        for (;;) {
            long s = word();
            long n = ((s & ~(RUNNING | SCHEDULED)) | COMPLETE) - REF_ONE;
            if (compareAndSetWord(s, n)) {
                if ((n & REF_MASK) == 0) {
                    recycle();
                }
                return;
            }
        }
    }

    /**
     * Requests cancellation of incarnation {@code generation}; a no-op for any other incarnation,
     * and once the task is complete or already cancelled. Running: the worker cancels it after
     * the current poll. Queued: the worker that dequeues it cancels it. Idle: it is scheduled (with
     * a new queue reference) so that a worker cancels it.
     */
    void abort(long generation) {
        for (;;) {
            long s = word();
            if ((s & GEN_MASK) != generation || (s & (COMPLETE | CANCELLED)) != 0) {
                return;
            }
            if ((s & (RUNNING | SCHEDULED)) != 0) {
                if (compareAndSetWord(s, s | CANCELLED)) {
                    return;
                }
            } else if (compareAndSetWord(s, addRef(s) | CANCELLED | SCHEDULED)) {
                executor.schedule(this);
                return;
            }
        }
    }

    /** Adds a counted reference (the shutdown sweep holds a task this way while it aborts it). */
    void acquireReference() {
        clone();
    }

    // ---------------------------------------------------------------- Waker

    /** A counted reference to this task. */
    @Override
    public Waker clone() {
        for (;;) {
            long s = word();
            if ((s & COMPLETE) != 0 && (s & REF_MASK) == 0) {
                // Only a released waker can still point at an object in the pool.
                throw new IllegalStateException("waker cloned after its last reference was released: " + this);
            }
            if (compareAndSetWord(s, addRef(s))) {
                return this;
            }
        }
    }

    /**
     * Wakes without consuming a reference. An idle task is scheduled exactly once however many
     * threads wake it; a running one is marked so that its poller requeues it; a scheduled one
     * gets a release write so that this thread's writes are visible to the coming poll.
     */
    @Override
    public void wakeByRef() {
        Thread me = Thread.currentThread();
        if (me instanceof WsWorker && ((WsWorker) me).polling == this) {
            // The task wakes itself during its own poll on this worker: a yield. Nobody else can
            // change RUNNING meanwhile, so a plain flag for the worker replaces the CAS.
            ((WsWorker) me).pollingWokeItself = true;
            return;
        }
        for (;;) {
            long s = word();
            if ((s & COMPLETE) != 0) {
                return;
            }
            if ((s & SCHEDULED) != 0) {
                // Same value: a release write the poller's SCHEDULED-clearing CAS will read after.
                if (compareAndSetWord(s, s)) {
                    return;
                }
            } else if ((s & RUNNING) != 0) {
                if (compareAndSetWord(s, s | SCHEDULED)) {
                    return;
                }
            } else if (compareAndSetWord(s, addRef(s) | SCHEDULED)) {
                executor.schedule(this);
                return;
            }
        }
    }

    /**
     * Wakes and consumes this reference: an idle task's queue entry takes it over; otherwise it is
     * released (which may recycle a completed task).
     */
    @Override
    public void wake() {
        for (;;) {
            long s = word();
            checkCounted(s);
            if ((s & COMPLETE) != 0) {
                if (release(s)) {
                    return;
                }
            } else if ((s & SCHEDULED) != 0) {
                // The queue entry holds a reference too, so the count cannot reach zero here.
                if (compareAndSetWord(s, s - REF_ONE)) {
                    return;
                }
            } else if ((s & RUNNING) != 0) {
                if (compareAndSetWord(s, (s | SCHEDULED) - REF_ONE)) {
                    return;
                }
            } else if (compareAndSetWord(s, s | SCHEDULED)) {
                executor.schedule(this);
                return;
            }
        }
    }

    /** Releases this reference; the last reference to a completed task recycles the object. */
    @Override
    public void drop() {
        long w = word();
        if ((w & COMPLETE) != 0 && (w & REF_MASK) == REF_ONE) {
            // The last reference to a finished task (typically the handle's, after it read the
            // outcome): nobody else may change the word any more, so no CAS is needed.
            setWordExclusively(w, w - REF_ONE);
            recycle();
            return;
        }
        for (;;) {
            long s = word();
            checkCounted(s);
            if (release(s)) {
                return;
            }
        }
    }

    @Override
    public boolean willWake(Waker other) {
        // A counted reference pins its incarnation, so identity is exact.
        return other == this;
    }

    @Override
    public String toString() {
        return "WsTask[" + describe(word()) + "]";
    }

    // ---------------------------------------------------------------- JoinCell

    /** Aborts the current incarnation (handles go through {@link #abort(long)} instead). */
    @Override
    public void abort() {
        abort(generation());
    }

    @Override
    protected UnobservedFailures failures() {
        return executor.failures;
    }

    /** The handle is what the application holds: its collection is what the failure rule watches. */
    @Override
    protected Object observer() {
        WsJoinHandle<?> h = handle;
        return h != null ? h : this;
    }

    @Override
    protected String taskLabel() {
        return label(generation());
    }

    /** Delivers the outcome; called once per incarnation, by the worker that finished the task. */
    @SuppressWarnings("unchecked")
    void deliver(Poll<?> ready, Throwable failure, boolean cancelled) {
        if (cancelled) {
            completeCancelled();
        } else if (failure != null) {
            fail(failure);
        } else {
            completeReady((Poll<Object>) ready);
        }
    }

    /**
     * Handle side, first step of its cancel: claims the cancel for incarnation {@code generation};
     * {@code false} if the object serves another incarnation now or the handle was already
     * cancelled (then the caller must not touch the object).
     */
    boolean claimHandleCancel(long generation) {
        for (;;) {
            long s = word();
            if ((s & GEN_MASK) != generation || (s & HANDLE_GONE) != 0) {
                return false;
            }
            if (compareAndSetWord(s, s | HANDLE_GONE)) {
                return true;
            }
        }
    }

    /**
     * Handle side, last step of its cancel: hands the handle's reference to the worker that will
     * finish the task. Returns {@code false} if the task has finished already: the caller keeps
     * the reference and releases it.
     */
    boolean handOverHandleReference() {
        for (;;) {
            long s = word();
            if (finishedIn(s)) {
                return false;
            }
            if (compareAndSetWord(s, s | HANDED_OVER)) {
                return true;
            }
        }
    }

    /** Worker, after delivering the outcome: whether a cancelled handle left its reference to it. */
    boolean handleReferenceHandedOver() {
        return (word() & HANDED_OVER) != 0;
    }

    /** The spawned future, or the outcome once complete (for the task dump; any thread). */
    Object futureOrOutcome() {
        return spawned();
    }

    /** The join handle's view of this incarnation ({@link JoinCell#toString()}). */
    String handleString() {
        return describeHandle();
    }

    // ---------------------------------------------------------------- helpers

    /** The last reference is gone: forget the outcome and go back to a free list. */
    private void recycle() {
        forget();
        executor.recycle(this);
    }

    /** One CAS that drops a reference; recycles on the transition to (complete, zero). */
    private boolean release(long s) {
        long n = s - REF_ONE;
        if (!compareAndSetWord(s, n)) {
            return false;
        }
        if ((n & REF_MASK) == 0 && (n & COMPLETE) != 0) {
            recycle();
        }
        return true;
    }

    private static long addRef(long s) {
        if ((s & REF_MASK) == REF_MASK) {
            throw new IllegalStateException("task reference count overflow (2^26 - 1 wakers)");
        }
        return s + REF_ONE;
    }

    private void checkCounted(long s) {
        if ((s & REF_MASK) == 0) {
            throw new IllegalStateException(
                    "waker released more often than cloned (wake()/drop() after wake()/drop()): " + this);
        }
    }

    /**
     * The label of incarnation {@code generation} in task dumps and join handles:
     * {@code #<object identity in hex>.<generation>}, unique among the tasks alive at once.
     */
    String label(long generation) {
        return "#" + Integer.toHexString(System.identityHashCode(this)) + "." + (generation >>> GEN_SHIFT);
    }

    /** The raw state word (for the task dump). */
    long stateWord() {
        return word();
    }

    /** The reference count of the current incarnation (diagnostics and tests). */
    long referenceCount() {
        return (word() & REF_MASK) >>> REF_SHIFT;
    }

    /** Whether the current incarnation is complete (diagnostics and tests). */
    boolean isComplete() {
        return (word() & COMPLETE) != 0;
    }

    static String describe(long s) {
        StringBuilder b = new StringBuilder();
        b.append("gen=").append(s >>> GEN_SHIFT).append(", refs=").append((s & REF_MASK) >>> REF_SHIFT);
        if ((s & SCHEDULED) != 0) {
            b.append(", SCHEDULED");
        }
        if ((s & RUNNING) != 0) {
            b.append(", RUNNING");
        }
        if ((s & COMPLETE) != 0) {
            b.append(", COMPLETE");
        }
        if ((s & CANCELLED) != 0) {
            b.append(", CANCELLED");
        }
        if ((s & HANDLE_GONE) != 0) {
            b.append((s & HANDED_OVER) != 0 ? ", handle cancelled (reference handed over)" : ", handle cancelled");
        }
        return b.toString();
    }
}
