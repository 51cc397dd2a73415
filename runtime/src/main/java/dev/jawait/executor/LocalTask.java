package dev.jawait.executor;

import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.task.JoinCell;
import dev.jawait.task.UnobservedFailures;

/**
 * One task of a {@link LocalExecutor}, allocated per spawn: at once its {@link JoinCell join
 * handle}, its {@link Waker}, its entry in the run queues and its node in the inbox. Keeping all
 * four in one object is what keeps a suspended task small (issue #2: a handful of fields, no
 * separate waker, context or slot object).
 *
 * <p>The waker is still the <b>task-id</b> strategy: waking reads the task id (slab slot and
 * generation) from the state word and hands it to {@link LocalExecutor#wake(LocalTask, int, int)}, which
 * ignores it if the slot has moved on to another generation. Since the object is never reused,
 * {@link #clone()} returns it and {@link #drop()} does nothing.
 *
 * <h2>The executor's bits of the state word</h2>
 * <pre>
 *  63 ........... 36 | 35 ....... 12 | 11             | 10            | 9       | 8        | 7 .. 0
 *  generation (28)   | slot (24)     | REMOTE_AWAITED | REMOTE_QUEUED | CLAIMED | ASSIGNED | the cell's
 * </pre>
 * {@code ASSIGNED} and the id are set together, once, when the task gets its slot: in the
 * constructor for a spawn on the executor thread, later for one from another thread. Because
 * {@link #abort()} sets its flag in the same word, one of the two always sees the other: either
 * abort finds the id and wakes the task, or the executor finds the flag before the first poll.
 * {@code CLAIMED} decides who handles a spawn made from another thread (see {@link #claim()}).
 * {@code REMOTE_QUEUED} says that this task sits in the executor's inbox because another thread
 * woke it (see {@link #markRemoteWake()}): that wake is recorded here, in the task's own word, so
 * that a task that ends on the executor thread frees its slot without any atomic step; the
 * executor thread checks the task's generation when it takes the wake out, which makes a late wake
 * stale.
 *
 * <h2>Completion without an atomic step</h2>
 * The executor thread is the only one that completes a task, so the cell runs the
 * {@linkplain JoinCell#ownerCompletes() owner protocol}: a value is published with a release store
 * and the awaiting waker read without a fence. A waker stored by a task of this executor cannot
 * race with that (same thread). One stored from another thread can, so that thread then sets
 * {@code REMOTE_AWAITED} and puts the task in the inbox (see {@link #markRemoteAwait()}), before
 * it checks the cell once more; the executor thread, taking it out, wakes the waiter if the task
 * has finished by then (see {@link LocalExecutor}'s {@code drainInbox}). Either that check or the
 * executor's sees the other side's write.
 *
 * @param <T> the type of the task's value
 */
final class LocalTask<T> extends JoinCell<T> {
    private static final long ASSIGNED = 1L << EXECUTOR_SHIFT;
    private static final long CLAIMED = 1L << (EXECUTOR_SHIFT + 1);
    private static final long REMOTE_QUEUED = 1L << (EXECUTOR_SHIFT + 2);
    private static final long REMOTE_AWAITED = 1L << (EXECUTOR_SHIFT + 3);
    private static final int SLOT_SHIFT = EXECUTOR_SHIFT + 4;
    private static final int SLOT_BITS = 24;
    private static final int GEN_SHIFT = SLOT_SHIFT + SLOT_BITS;

    /** Slots a slab may have: tasks alive at once on one executor. */
    static final int MAX_SLOTS = 1 << SLOT_BITS;

    /** Generations wrap at 2^28: a waker kept across 2^28 reuses of its slot could alias. */
    static final int GENERATION_MASK = (1 << (Long.SIZE - GEN_SHIFT)) - 1;

    final LocalExecutor executor;

    /** Link in the inbox ({@link LocalInbox}); written by pushers, read by the executor thread. */
    volatile LocalTask<?> next;

    /**
     * When it was last queued, on the executor's queue clock (for the fairness rule). Here rather
     * than in the slab: the object has four bytes of padding for it, a slab array would cost four
     * bytes per slot.
     */
    int queuedAt;

    /** A task spawned from another thread: it gets its slot later, from the executor thread. */
    LocalTask(LocalExecutor executor, Future<?> future) {
        super(future);
        this.executor = executor;
    }

    /**
     * A task spawned on the executor thread, which gives it slot {@code slot} of generation
     * {@code generation} at once: the id is written with the object, not by an atomic step later.
     */
    LocalTask(LocalExecutor executor, Future<?> future, int slot, int generation) {
        super(future, idBits(slot, generation));
        this.executor = executor;
    }

    /** The spawned future, until the task completes. Executor thread. */
    @SuppressWarnings("unchecked")
    Future<Object> future() {
        return (Future<Object>) spawned();
    }

    /** The spawned future, or the outcome once complete (for the task dump; any thread). */
    Object futureOrOutcome() {
        return spawned();
    }

    /**
     * For a spawn from another thread: whether this call is the one that took responsibility for
     * it (the executor, to run or cancel it; or the spawner, when it finds the executor closed right
     * after pushing). Exactly one caller gets {@code true}.
     */
    boolean claim() {
        return (setExecutorBits(CLAIMED) & CLAIMED) == 0;
    }

    /** Executor thread: the task got slot {@code slot} of generation {@code generation}. */
    void assign(int slot, int generation) {
        long before = setExecutorBits(idBits(slot, generation));
        if ((before & REMOTE_AWAITED) != 0) {
            // Awaited from another thread before it had a slot: not pushed (its link belonged to
            // the spawn), and nothing to push for, since the waiter stored then is visible to
            // this thread now, after the atomic step above, before the task can run.
            clearExecutorBits(REMOTE_AWAITED);
        }
    }

    private static long idBits(int slot, int generation) {
        return ASSIGNED | ((long) slot << SLOT_SHIFT) | ((long) generation << GEN_SHIFT);
    }

    boolean isAssigned() {
        return (word() & ASSIGNED) != 0;
    }

    /** The slab slot; only once {@link #isAssigned() assigned}. */
    int slot() {
        return slotOf(word());
    }

    /** The slot's generation this task occupies; only once assigned. */
    int generation() {
        return generationOf(word());
    }

    /**
     * Any thread but the executor's: records a wake of this task. Returns {@code true} if the caller
     * must push the task into the inbox (see {@link #markRemote}), {@code false} if the wake is
     * already owed or the task has completed. Every call makes an atomic write to the word, which
     * the executor's {@link #takeRemoteMarks()} reads: the waker's earlier writes happen-before the
     * poll the wake causes, even when the wake finds the task already queued.
     */
    boolean markRemoteWake() {
        return markRemote(REMOTE_QUEUED);
    }

    /**
     * Any thread but the executor's, right after it stored its waker in this task's cell (the
     * {@linkplain JoinCell#ownerCompletes() owner protocol}): records that the executor thread must
     * check the cell once more. Returns {@code true} if the caller must push the task into the
     * inbox (see {@link #markRemote}).
     */
    boolean markRemoteAwait() {
        return markRemote(REMOTE_AWAITED);
    }

    /**
     * Sets {@code mark} and says whether the caller must push the task into the inbox: not if it is
     * there already (either mark was set), not before it has its slot (its link then belongs to its
     * spawn, and the executor's atomic step that gives it the slot makes the caller's earlier
     * writes visible), and not once it has finished.
     */
    private boolean markRemote(long mark) {
        long before = setExecutorBits(mark);
        boolean inInbox = (before & (REMOTE_QUEUED | REMOTE_AWAITED)) != 0;
        return !inInbox && (before & ASSIGNED) != 0 && !isFinished();
    }

    /**
     * Executor thread, after taking this task out of the inbox: clears both marks, so that the
     * next wake or await from another thread pushes it again, and returns the word as it was (see
     * {@link #wokenIn} and {@link #awaitedIn}). For a wake, the caller then checks that the task
     * is still its slot's occupant (its generation), since it may have ended meanwhile.
     */
    long takeRemoteMarks() {
        return clearExecutorBits(REMOTE_QUEUED | REMOTE_AWAITED);
    }

    /** Whether {@code word} ({@link #takeRemoteMarks()}) records a wake from another thread. */
    static boolean wokenIn(long word) {
        return (word & REMOTE_QUEUED) != 0;
    }

    /** Whether {@code word} ({@link #takeRemoteMarks()}) records a waiter stored from another thread. */
    static boolean awaitedIn(long word) {
        return (word & REMOTE_AWAITED) != 0;
    }

    /** Executor thread: the answer to {@link #markRemoteAwait()}. */
    void answerRemoteAwait() {
        wakeWaiterIfFinished();
    }

    /** Whether a wake from another thread waits in the inbox (for the task dump; any thread). */
    boolean remoteWakePending() {
        return (word() & REMOTE_QUEUED) != 0;
    }

    static int slotOf(long word) {
        return (int) (word >>> SLOT_SHIFT) & (MAX_SLOTS - 1);
    }

    static int generationOf(long word) {
        return (int) (word >>> GEN_SHIFT);
    }

    // ---------------------------------------------------------------- Waker

    @Override
    public void wakeByRef() {
        long word = word();
        if ((word & ASSIGNED) != 0) { // a waker is only handed out once assigned
            executor.wake(this, slotOf(word), generationOf(word));
        }
    }

    @Override
    public void wake() {
        wakeByRef();
    }

    @Override
    public Waker clone() {
        return this;
    }

    @Override
    public boolean willWake(Waker other) {
        return other == this;
    }

    // ---------------------------------------------------------------- JoinHandle

    /** Only the executor thread completes a task: see "Completion without an atomic step" above. */
    @Override
    protected boolean ownerCompletes() {
        return true;
    }

    @Override
    protected void waiterStored() {
        if (!executor.isOwnerThread()) {
            executor.awaitedFromAnotherThread(this);
        }
    }

    @Override
    public void abort() {
        long before = requestAbort();
        if (finishedIn(before) || abortRequestedIn(before)) {
            return;
        }
        if ((before & ASSIGNED) != 0) {
            // Schedule the task so that the executor notices; if it is running, it is cancelled
            // right after the current poll returns. A stale id is ignored.
            executor.wake(this, slotOf(before), generationOf(before));
        }
        // Not assigned yet: the executor checks the flag before the first poll.
    }

    /** Whether {@link #abort()} was called; the executor checks it before and after every poll. */
    boolean abortRequested() {
        return isAbortRequested();
    }

    @Override
    protected UnobservedFailures failures() {
        return executor.failures;
    }

    /** The task id as the executor's task dump shows it ({@code #slot.generation}). */
    @Override
    protected String taskLabel() {
        long word = word();
        return (word & ASSIGNED) == 0 ? "(not started)" : LocalExecutor.formatId(slotOf(word), generationOf(word));
    }

    // Executor-side completion, widened for the executor package.
    @SuppressWarnings("unchecked")
    void completeWith(Poll<?> ready) {
        completeReadyByOwner((Poll<T>) ready);
    }

    boolean failWith(Throwable failure) {
        return fail(failure);
    }

    boolean markCancelled() {
        return completeCancelled();
    }
}
