package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import dev.jawait.task.TaskInfo;
import dev.jawait.task.UnhandledFailureHandler;
import dev.jawait.task.UnobservedFailures;
import dev.jawait.time.Timer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A multi-thread work-stealing executor (the <b>refcount</b> waker strategy): a fixed set of
 * worker threads polls tasks from per-worker run queues, steals from each other when idle, and
 * parks when there is nothing to do.
 *
 * <h2>Tasks and wakers</h2>
 * Each task is one pooled object that is also its own {@link dev.jawait.Waker}: an atomic state
 * word packs the lifecycle flags (scheduled, running, complete, cancelled), a reference count and
 * a generation. {@code clone()} counts a reference, {@code drop()} and {@code wake()} release one;
 * when a completed task's count reaches zero the object is reused for a later spawn, so in steady
 * state a spawn allocates nothing but its {@link JoinHandle} (and {@link #spawnDetached} not even
 * that). Waking is idempotent until the next poll, a task is never polled by two threads at once,
 * and a task woken while it is being polled is polled again afterwards, at the back of the queue.
 *
 * <p><b>Stale references to recycled objects.</b> The two kinds of reference are protected
 * differently:
 * <ul>
 *   <li><em>Wakers hold a reference</em>: an object is recycled only once it is complete and every
 *       waker cloned from it has been woken by value or dropped, so a waker that is still owned can
 *       only ever wake its own task (a no-op once that task completed). A waker used after its
 *       own {@code drop()} breaks the {@link dev.jawait.Waker} contract; a second release of an
 *       object in the pool throws {@link IllegalStateException}, and a stale {@code wakeByRef()}
 *       costs a new occupant at most one spurious poll.</li>
 *   <li><em>Join handles hold a reference too</em>, until they have taken the outcome (which lives
 *       in the task object) or were cancelled and the task finished; then they forget the object.
 *       A handle is a 16-byte view, the only allocation of a spawn. A handle forgotten without
 *       being awaited keeps its object out of the pool: the object is collected with it.</li>
 * </ul>
 *
 * <h2>Where a woken or spawned task goes</h2>
 * A wake from one of this executor's workers puts the task in that worker's LIFO slot (it runs
 * next); a spawn from a worker goes onto that worker's spawn deque and also runs next (depth
 * first), unless an idle worker steals it (thieves take a deque's oldest task); both without a
 * lock. Wakes and spawns from any other thread go to the shared injection queue and unpark a
 * sleeping worker.
 *
 * <h2>Live tasks</h2>
 * Live tasks are counted, not listed, until they first suspend: a spawn counts one on the spawning
 * worker (or on a shared counter outside the pool), a completion one on the completing worker, each
 * counter written by one thread only. A task that returns pending for the first time joins the
 * registry shard of the worker that polled it (one lock), which is how {@link #shutdown()} and
 * {@link #tasks()} reach tasks that sit in no queue; a task that completes in its first poll (in a
 * tree of spawns, every leaf) never takes a lock for this.
 *
 * <h2>Join handles and failures</h2>
 * {@link #spawn} returns a {@link JoinHandle}: awaiting it yields the task's value, rethrows its
 * failure as it is (checked exceptions too), or throws
 * {@link java.util.concurrent.CancellationException} if the task was aborted; polling it again
 * after that throws {@link IllegalStateException}. {@link JoinHandle#abort()} works from any
 * thread at any stage: before the first poll the future is never polled; while it is suspended a
 * worker calls its {@link Future#cancel()}; while it is being polled it is cancelled after that
 * poll, unless that poll completes it (then the outcome stands); after completion it does nothing.
 * {@link JoinHandle#cancel()} only stops waiting.
 *
 * <p><b>Unobserved failures.</b> A task's failure is <em>observed</em> when an await of its handle
 * receives it. A failure nobody observes is passed to the {@link UnhandledFailureHandler} exactly
 * once, with the spawned future as the task, at the first of these moments (the rule of
 * {@link dev.jawait.task.JoinCell}, shared by jawait's executors):
 * <ul>
 *   <li>when the task fails, if it has no handle ({@link #spawnDetached}) or its handle was
 *       already {@linkplain JoinHandle#cancel() cancelled} or
 *       {@linkplain JoinHandle#detach() detached};</li>
 *   <li>when the handle is cancelled or detached after the task failed;</li>
 *   <li>after the handle was garbage collected, the next time a worker runs out of work;</li>
 *   <li>when the executor terminates, for failures still unobserved then (an await afterwards still
 *       receives the failure).</li>
 * </ul>
 * A task ending with {@link CancellationException} is cancelled, not failed: it is never
 * reported. An exception thrown by a future's {@link Future#cancel()} is reported at once.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} stops accepting tasks (a later spawn returns a handle that is already
 * cancelled, after calling the future's {@code cancel()}) and aborts every task that has not
 * completed: queued ones are cancelled without being polled, suspended ones are cancelled by a
 * worker, running ones after their current poll. The workers exit once every task has completed,
 * so no task is left in a queue and no thread keeps running. A task whose poll never returns keeps
 * its worker, and so the executor, alive.
 *
 * <h2>Its own timer</h2>
 * {@link #timer()} is a real-time {@link Timer} fired by the workers instead of the
 * {@code jawait-timer} thread; see there.
 *
 * <p>All methods are safe from any thread.
 */
public final class WorkStealingExecutor implements Spawner, AutoCloseable {
    private static final int SHARED_POOL_CAPACITY = 1 << 14;
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final WsWorker[] workers;
    final WsInjectQueue inject = new WsInjectQueue();
    final WsIdle idle;
    final WsTaskPool pool = new WsTaskPool(SHARED_POOL_CAPACITY);
    /** Spawns from outside the pool, and completions outside it (a spawn cancelled at once). */
    private final AtomicLong spawnedOutside = new AtomicLong();
    private final AtomicLong completedOutside = new AtomicLong();
    final UnobservedFailures failures;
    private final AtomicLong allocatedTasks = new AtomicLong();
    private final AtomicInteger runningWorkers;
    private final Object shutdownLock = new Object();
    private volatile boolean closed;

    private static final VarHandle TIMER;

    static {
        try {
            TIMER = MethodHandles.lookup()
                    .findVarHandle(WorkStealingExecutor.class, "timer", ExecutorTimer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Created by the first {@link #timer()} call. */
    private volatile ExecutorTimer timer;
    /** The worker parked until the earliest deadline, if any. Guarded by the timer's lock. */
    private WsWorker timerKeeper;

    /** How long an idle worker spins before it parks ({@link Builder#spinBeforePark}). */
    final long spinNanos;

    private WorkStealingExecutor(Builder b) {
        int n = b.workers;
        this.idle = new WsIdle(n);
        this.failures = new UnobservedFailures(b.failureHandler);
        String prefix = b.threadNamePrefix != null
                ? b.threadNamePrefix
                : "jawait-ws-" + POOL_NUMBER.incrementAndGet() + "-";
        this.workers = new WsWorker[n];
        for (int i = 0; i < n; i++) {
            workers[i] = new WsWorker(this, i, prefix + i, b.daemon);
        }
        this.spinNanos = b.spinNanos;
        this.runningWorkers = new AtomicInteger(n);
        for (WsWorker w : workers) {
            w.start();
        }
    }

    /** An executor with one worker per available processor and default settings. */
    public static WorkStealingExecutor create() {
        return builder().build();
    }

    /** An executor with {@code workers} worker threads and default settings. */
    public static WorkStealingExecutor create(int workers) {
        return builder().workers(workers).build();
    }

    /** A builder for an executor with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The executor whose worker thread is calling, or {@code null} on any other thread. Lets code
     * running inside a task spawn siblings without being handed the executor.
     */
    public static WorkStealingExecutor current() {
        Thread t = Thread.currentThread();
        return t instanceof WsWorker ? ((WsWorker) t).executor : null;
    }

    // ---------------------------------------------------------------- spawning

    /**
     * Starts {@code future} as a new task. From one of this executor's workers the task goes to
     * that worker's spawn deque and runs next there (last in, first out); from any other thread
     * to the injection queue. After {@link #shutdown()}
     * the future is cancelled at once and the returned handle throws
     * {@link java.util.concurrent.CancellationException}.
     */
    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
        Objects.requireNonNull(future, "future");
        WsWorker w = currentWorker();
        WsTask task = acquireTask(w);
        long generation = task.nextGeneration();
        WsJoinHandle<T> handle = new WsJoinHandle<>(task);
        submit(task, future, handle, generation, w);
        return handle;
    }

    /**
     * Starts {@code future} as a task nobody will join; allocates nothing in steady state. Its
     * failure, if any, goes to the {@link UnhandledFailureHandler}.
     */
    public void spawnDetached(Future<?> future) {
        Objects.requireNonNull(future, "future");
        WsWorker w = currentWorker();
        WsTask task = acquireTask(w);
        submit(task, future, null, task.nextGeneration(), w);
    }

    private void submit(WsTask task, Future<?> future, WsJoinHandle<?> handle, long generation, WsWorker w) {
        task.init(future, handle, generation);
        // Counted before it is published, so a completion is never counted before its spawn. A
        // spawn that misses `closed` is cancelled by the worker that dequeues it (or, if that
        // worker polled it before shutdown, when it suspends or by the registry sweep).
        if (w != null) {
            w.countSpawned();
        } else {
            spawnedOutside.incrementAndGet();
        }
        if (closed) {
            // Never published: this thread owns the queue reference the spawn created.
            task.transitionToRunning();
            cancelRunning(task);
        } else if (w != null) {
            w.scheduleSpawned(task);
        } else {
            inject.push(task);
            idle.notifyOne();
        }
        // The task may already be complete and recycled: do not touch it here.
    }

    /**
     * Runs {@code future} as a task and blocks the calling thread until it completes, returning
     * its value or rethrowing its failure unwrapped. If the calling thread is interrupted, the task
     * is aborted and {@link java.util.concurrent.CancellationException} is thrown (the interrupt
     * status is kept).
     *
     * @throws IllegalStateException if called on one of this executor's workers, which it would
     *     block
     */
    public <T> T blockOn(Future<T> future) {
        if (currentWorker() != null) {
            throw new IllegalStateException(
                    "blockOn called on a worker of this executor: it would block the worker. Spawn"
                            + " the future and await its JoinHandle instead.");
        }
        return BlockOn.blockOn(new AbortOnCancel<>(spawn(future)));
    }

    /** Awaits a handle; cancelling it (blockOn interrupted) aborts the task. */
    private static final class AbortOnCancel<T> implements Future<T> {
        private final JoinHandle<T> handle;

        AbortOnCancel(JoinHandle<T> handle) {
            this.handle = handle;
        }

        @Override
        public Poll<T> poll(Context cx) {
            return handle.poll(cx);
        }

        @Override
        public void cancel() {
            handle.abort();
            handle.cancel();
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Stops accepting tasks and aborts every task that has not completed; returns at once. The
     * workers exit when the last task has been cancelled. Idempotent.
     */
    public void shutdown() {
        synchronized (shutdownLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Tasks that never suspended are not listed: a worker cancels them when it dequeues them
        // (or when they first suspend), since it then reads `closed`.
        List<WsTask> live = collectSuspended();
        // We hold a reference to each, so its incarnation (and generation) cannot change.
        for (WsTask t : live) {
            t.abort(t.generation());
            t.drop();
        }
        // After the aborts: a task woken by the closing timer is then cancelled, not polled into
        // the timer's IllegalStateException.
        ExecutorTimer ownTimer = timer;
        if (ownTimer != null) {
            ownTimer.shutDown();
        }
        idle.unparkAll(workers);
    }

    /**
     * This executor's own real-time timer: sleeps, timeouts and intervals fired by the worker
     * threads, so they cost no timer thread, and a task of this executor woken by its timer is
     * woken on a worker (into that worker's LIFO slot, without a cross-thread wake).
     *
     * <ul>
     *   <li>Entries live in one heap under the timer's lock. A worker fires the due ones every
     *       31 ticks (its injection-queue interval) and before it parks; one worker fires at a
     *       time, in deadline order.</li>
     *   <li>Of the parked workers, exactly one, the <em>time keeper</em>, parks with
     *       {@link LockSupport#parkNanos} until the earliest deadline; the others park
     *       indefinitely. A worker claims the role and reads the deadline in one critical section of
     *       the timer's lock, and a registration that makes a new earliest deadline reads the role in
     *       the same lock, so either the keeper saw the new entry or the registration unparks the
     *       keeper to re-arm. With no keeper, a registration from outside the pool wakes one
     *       sleeping worker (through the usual {@link WsIdle} handshake, which re-checks the timer
     *       after announcing the park; a worker still spinning before its park counts as searching,
     *       so it is not woken but re-checks the timer when its spin ends, at most
     *       {@link Builder#spinBeforePark spin} later); a registration by a worker wakes nobody, since that worker
     *       re-checks the timer before it parks. A keeper that wakes up fires the due timers and, if
     *       it now has tasks to run while timers are still pending, wakes a sleeper to take over.</li>
     *   <li>A timer is late only when the thread that should fire it is stuck inside one long poll:
     *       the same rule as for any task of that worker.</li>
     *   <li>{@link #shutdown()} closes the timer: pending time futures fail with
     *       {@link IllegalStateException} (this executor's tasks are being aborted anyway), and
     *       later sleeps on it fail at their first poll.</li>
     * </ul>
     * The same object is returned on every call; tasks of other executors may use it too.
     */
    public Timer timer() {
        ExecutorTimer t = timer;
        if (t != null) {
            return t;
        }
        ExecutorTimer created =
                new ExecutorTimer(this::rearmTimer, "WorkStealingExecutor " + workers[0].getName());
        if (!TIMER.compareAndSet(this, null, created)) {
            return timer;
        }
        // shutdown() writes `closed`, then reads the timer: if it missed this one, close it here.
        if (closed) {
            created.shutDown();
        }
        return created;
    }

    /** Under the timer's lock: a registration made a new earliest deadline. */
    private void rearmTimer() {
        WsWorker keeper = timerKeeper;
        if (keeper != null) {
            LockSupport.unpark(keeper); // it re-reads the deadline
        } else if (currentWorker() == null) {
            idle.notifyOne(); // the woken worker re-checks the timer before parking again
        }
    }

    /** Fires the due timers on the calling worker; returns how many fired. */
    int fireTimers() {
        ExecutorTimer t = timer;
        return t == null ? 0 : t.fire();
    }

    /**
     * Worker {@code w}, announced as parking: how long to park. {@code 0} if a timer is due (do not
     * park), {@link Long#MAX_VALUE} to park until notified (no timer pending, or another worker
     * keeps time), otherwise the time to the earliest deadline, and {@code w} is now the keeper.
     */
    long claimTimerKeeper(WsWorker w) {
        ExecutorTimer t = timer;
        if (t == null) {
            return Long.MAX_VALUE;
        }
        synchronized (t.lock()) {
            long wait = t.nanosToNext();
            if (wait == 0 || wait == Long.MAX_VALUE) {
                return wait;
            }
            if (timerKeeper == null) {
                timerKeeper = w;
                return wait;
            }
            return Long.MAX_VALUE;
        }
    }

    /** Worker {@code w} stopped parking: gives up the keeper role if it had it. */
    void releaseTimerKeeper(WsWorker w) {
        ExecutorTimer t = timer;
        synchronized (t.lock()) {
            if (timerKeeper == w) {
                timerKeeper = null;
            }
        }
    }

    /** Whether the timer has entries (racy: a hint for handing the keeper role over). */
    boolean timersPending() {
        ExecutorTimer t = timer;
        return t != null && t.pendingTimers() > 0;
    }

    /**
     * Waits until every worker thread has exited after {@link #shutdown()}.
     *
     * @return {@code true} if terminated, {@code false} if the timeout elapsed first
     */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (WsWorker w : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 && w.isAlive()) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedJoin(w, Math.max(left, 1));
            if (w.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #shutdown()}, then waits for termination, however long it takes (an interrupt is
     * remembered and restored). Called on one of this executor's own workers it only shuts down,
     * since that thread cannot wait for itself.
     */
    @Override
    public void close() {
        shutdown();
        if (currentWorker() != null) {
            return;
        }
        boolean interrupted = false;
        while (!isTerminated()) {
            try {
                awaitTermination(1, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #shutdown()} was called. */
    public boolean isShutdown() {
        return closed;
    }

    /** Whether the executor shut down and all its worker threads have exited. */
    public boolean isTerminated() {
        if (!closed) {
            return false;
        }
        for (WsWorker w : workers) {
            if (w.isAlive()) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- introspection

    /** The number of worker threads. */
    public int workerCount() {
        return workers.length;
    }

    /**
     * How many task objects this executor has ever allocated. Bounded by the peak number of tasks
     * alive at once plus the pools' capacity, however many tasks are spawned. For tests and
     * diagnostics.
     */
    public long allocatedTaskObjects() {
        return allocatedTasks.get();
    }

    /**
     * How many tasks have been spawned and not yet completed (a snapshot, never below the number
     * of tasks live throughout the call).
     */
    public int liveTaskCount() {
        // Completions first, then spawns: a completion counted here happened after its spawn was
        // counted, so that spawn is counted too, and the difference cannot miss a live task.
        long completed = completedOutside.get();
        for (WsWorker w : workers) {
            completed += w.completedCount();
        }
        long spawned = spawnedOutside.get();
        for (WsWorker w : workers) {
            spawned += w.spawnedCount();
        }
        return (int) (spawned - completed);
    }

    /** How many tasks wait in run queues and spawn deques, not counting LIFO slots (a snapshot). */
    public int queuedTaskCount() {
        int n = inject.size();
        for (WsWorker w : workers) {
            n += w.queue.size() + w.spawned.size();
        }
        return n;
    }

    /** How many idle task objects the shared pool holds (worker-local pools not counted). */
    public int pooledTaskObjects() {
        return pool.size();
    }

    /**
     * A task dump: this executor's {@code toString()}, then one line per live task with its id,
     * its state and its future's {@code toString()} (see {@link TaskInfo}). Costs nothing until
     * it is called.
     *
     * @return the dump, lines separated by {@code '\n'}
     * @see #tasks()
     */
    public String dumpTasks() {
        List<TaskInfo> tasks = tasks();
        return TaskInfo.render(describe(tasks.size()), tasks);
    }

    /**
     * The live (not yet completed) tasks that have suspended at least once, as
     * {@link #dumpTasks()} prints them (a task that is queued for its first poll, or in it, is
     * counted by {@link #liveTaskCount()} but not listed). The tasks keep
     * running on the workers while they are read: each line is exact for its task at the moment it
     * was read, and the {@code toString()} of a future being polled on another worker at that moment
     * is a best-effort rendering (it reads fields another thread is writing).
     *
     * @return the live tasks, an immutable list
     */
    public List<TaskInfo> tasks() {
        List<WsTask> live = collectSuspended();
        List<TaskInfo> out = new ArrayList<>(live.size());
        // Each reference pins its incarnation, so the generation and label stay that task's.
        for (WsTask t : live) {
            try {
                long s = t.stateWord();
                Object future = t.futureOrOutcome();
                if ((s & WsTask.COMPLETE) != 0 || !(future instanceof Future)) {
                    continue;
                }
                // A task queued RUNNING (a yield) is not being polled: it waits in a queue.
                TaskInfo.State state = (s & WsTask.RUNNING) != 0 && isBeingPolled(t) ? TaskInfo.State.RUNNING
                        : (s & (WsTask.SCHEDULED | WsTask.RUNNING)) != 0 ? TaskInfo.State.SCHEDULED
                        : TaskInfo.State.SUSPENDED;
                out.add(new TaskInfo(t.label(s & WsTask.GEN_MASK), state, TaskInfo.describe(future)));
            } finally {
                t.drop();
            }
        }
        return List.copyOf(out);
    }

    /** Whether a worker is polling {@code t} now (a snapshot, for the task dump). */
    private boolean isBeingPolled(WsTask t) {
        for (WsWorker w : workers) {
            if (w.polling == t) {
                return true;
            }
        }
        return false;
    }

    /** The worker threads (for tests that check they have exited). */
    List<Thread> threads() {
        return List.of(workers);
    }

    @Override
    public String toString() {
        return describe(liveTaskCount());
    }

    private String describe(int live) {
        return "WorkStealingExecutor[workers=" + workers.length + ", live=" + live
                + (closed ? ", shut down" : "") + "]";
    }

    // ---------------------------------------------------------------- internals used by tasks and workers

    WsWorker[] workers() {
        return workers;
    }

    /** The calling thread if it is one of this executor's workers, else {@code null}. */
    WsWorker currentWorker() {
        Thread t = Thread.currentThread();
        return t instanceof WsWorker && ((WsWorker) t).executor == this ? (WsWorker) t : null;
    }

    /** The registered (once suspended) tasks, each with a counted reference the caller must drop. */
    private List<WsTask> collectSuspended() {
        List<WsTask> live = new ArrayList<>();
        for (WsWorker w : workers) {
            w.registry.collectReferenced(live);
        }
        return live;
    }

    /** Schedules a task that was just marked scheduled by a wake or an abort. */
    void schedule(WsTask task) {
        WsWorker w = currentWorker();
        if (w != null) {
            w.scheduleWoken(task);
        } else {
            inject.push(task);
            idle.notifyOne();
        }
    }

    /** Calls {@link Future#cancel()} of a task this thread owns (RUNNING), then finishes it as cancelled. */
    void cancelRunning(WsTask task) {
        failures.cancelReportingFailure(task.future());
        finish(task, null, null, true);
    }

    /** Delivers the outcome of a task this thread owns, unregisters and completes it. */
    void finish(WsTask task, Poll<?> ready, Throwable failure, boolean cancelled) {
        WsJoinHandle<?> handle = task.handle;
        unregister(task);
        // The task's own cell takes the outcome; a detached task's cell reports a failure at once.
        task.deliver(ready, failure, cancelled);
        task.handle = null; // the handle may now be collected (the failure rule watches it)
        if (handle != null) {
            handle.releaseIfHandedOver(task);
        }
        task.transitionToComplete();
        if (closed) {
            // Two workers completing the last two tasks at once: each counted its completion
            // with a release store, which alone could pass its read of the other's count, so both
            // could see one task left and neither wake the parked workers. The fence orders them.
            VarHandle.fullFence();
            if (liveTaskCount() == 0) {
                idle.unparkAll(workers);
            }
        }
    }

    /** Counts the completion of a task this thread owns and takes it off the registry if it suspended. */
    private void unregister(WsTask task) {
        WsTaskRegistry registry = task.registry;
        if (registry != null) {
            registry.remove(task);
        }
        WsWorker w = currentWorker();
        if (w != null) {
            w.countCompleted();
        } else {
            completedOutside.incrementAndGet();
        }
    }

    /** Returns a task object whose last reference is gone to a free list. */
    void recycle(WsTask task) {
        WsWorker w = currentWorker();
        if (w != null) {
            w.releaseFree(task);
        } else {
            pool.release(task);
        }
    }

    private WsTask acquireTask(WsWorker w) {
        WsTask task = w != null ? w.takeFree() : pool.take();
        if (task == null) {
            allocatedTasks.incrementAndGet();
            task = new WsTask(this);
        }
        return task;
    }

    /** Whether any queue visibly holds a task (racy; part of the parking handshake). */
    boolean hasVisibleWork() {
        if (!inject.isEmpty()) {
            return true;
        }
        for (WsWorker w : workers) {
            if (!w.queue.isEmpty() || !w.spawned.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Shut down and every task completed: workers may exit. */
    boolean isDrained() {
        return closed && liveTaskCount() == 0;
    }

    void workerExited() {
        if (runningWorkers.decrementAndGet() == 0) {
            failures.reportAll();
        }
    }

    // ---------------------------------------------------------------- builder

    /** Settings for a {@link WorkStealingExecutor}. */
    public static final class Builder {
        private static final Duration MAX_SPIN = Duration.ofMillis(1);

        private int workers = Runtime.getRuntime().availableProcessors();
        private String threadNamePrefix;
        private UnhandledFailureHandler failureHandler = UnhandledFailureHandler.printing();
        private boolean daemon = true;
        private long spinNanos = SpinWait.DEFAULT_NANOS;

        private Builder() {}

        /** The number of worker threads (default: {@link Runtime#availableProcessors()}). */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1: " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Worker threads are named this prefix followed by their index (default {@code jawait-ws-N-}). */
        public Builder threadNamePrefix(String prefix) {
            this.threadNamePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Where unobserved task failures go (default {@link UnhandledFailureHandler#printing()}). */
        public Builder unhandledFailureHandler(UnhandledFailureHandler handler) {
            this.failureHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Whether worker threads are daemon threads (default {@code true}: an executor that is
         * never closed does not keep the JVM alive).
         */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * How long a worker that ran out of work keeps looking (spinning on the queues) before it
         * parks (default 20 µs, about what parking and the unpark of an idle CPU cost): work that
         * arrives within it is taken at once, without waking a thread. {@link Duration#ZERO}
         * parks at once, which suits a machine whose CPUs are shared or metered.
         */
        public Builder spinBeforePark(Duration spin) {
            Objects.requireNonNull(spin, "spin");
            if (spin.isNegative() || spin.compareTo(MAX_SPIN) > 0) {
                throw new IllegalArgumentException("spin must be between 0 and " + MAX_SPIN + ": " + spin);
            }
            this.spinNanos = spin.toNanos();
            return this;
        }

        /** Starts the worker threads and returns the executor. */
        public WorkStealingExecutor build() {
            return new WorkStealingExecutor(this);
        }
    }
}
