package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.ContextBridge;
import dev.jawait.internal.Polls;
import dev.jawait.task.Coop;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import dev.jawait.task.TaskInfo;
import dev.jawait.task.UnhandledFailureHandler;
import dev.jawait.task.UnobservedFailures;
import dev.jawait.time.Timer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-thread executor: every task it runs is polled on one thread, the <em>executor
 * thread</em>. This is jawait's <b>task-id</b> waker strategy.
 *
 * <h2>Running it</h2>
 * <ul>
 *   <li>{@link #create()} makes an executor without a thread of its own: {@link #blockOn(Future)}
 *       runs it on the calling thread until the given future completes, polling the spawned tasks
 *       too. Tasks still pending when {@code blockOn} returns stay in the executor and continue in
 *       the next {@code blockOn}.</li>
 *   <li>{@link #startOnNewThread(String)} runs it on a dedicated thread until {@link #shutdown()}
 *       or {@link #close()}.</li>
 * </ul>
 * {@link #spawn(Future)} works from any thread. A spawn or a wake from another thread goes through a
 * lock-free inbox and unparks the executor thread; while no thread runs the executor, such
 * spawns and wakes wait in the inbox.
 *
 * <h2>How tasks are woken</h2>
 * Tasks live in a slab: slots reused through a free list, stored as parallel arrays. A task's
 * waker wakes by <em>task id</em>, the slot index and the slot's generation; it is an immutable
 * value (clone returns it, drop does nothing). When a task ends, its slot's generation is
 * incremented before the slot is reused, so a waker kept after its task ended is recognised as
 * stale and ignored: it can never wake the slot's next occupant. The waker is the task's one
 * per-spawn object, which is also its {@link JoinHandle} (see {@code LocalTask}): a suspended task
 * costs that object, a few bytes of slab and its future.
 * <ul>
 *   <li>A wake on the executor thread uses no atomic instruction and no lock: a plain state byte
 *       per slot and run queues of slot numbers ({@link SlotDeque}: an int store, where a task
 *       reference would pay G1's write-barrier fence).</li>
 *   <li>Where a ready task waits: a task spawned by a running task goes onto a spawn stack and
 *       runs next (depth first, like {@code ForkJoinPool}'s local stack), so a tree of spawns keeps
 *       only one path of it alive; a task woken by a running task goes to a LIFO slot and runs
 *       next (tokio's); yields and everything that comes from other threads or the timer go to a
 *       FIFO queue. A cap on LIFO-slot polls in a row and a fairness tick every
 *       {@value #INBOX_INTERVAL} polls keep tasks that spawn or wake each other forever from
 *       starving the others (see {@code nextTask}).</li>
 *   <li>A wake from another thread sets a "queued" bit in the task's own state word (one atomic
 *       step, which finds a completed task stale) and, on the first wake only, pushes the task
 *       itself into the inbox and unparks the executor thread if it announced it would park. It
 *       allocates nothing. The executor thread checks the generation when it takes the wake out,
 *       so the slab needs no atomic word, and a task that ends frees its slot with plain
 *       writes.</li>
 *   <li>Any number of wakes before the task is polled owe exactly one poll. A wake during the
 *       task's own poll marks it notified; it is put at the back of the FIFO queue when the poll
 *       returns (a yield), never polled re-entrantly.</li>
 * </ul>
 * The executor checks its inbox every {@value #INBOX_INTERVAL} polls, whenever it runs out of
 * ready tasks, and when {@code blockOn} starts and ends. It reports the failures of collected,
 * unobserved handles (see {@link dev.jawait.task.JoinCell}) when it runs out of ready tasks and
 * when {@code blockOn} returns.
 *
 * <h2>Outcomes, abort and shutdown</h2>
 * Each spawn returns a {@link JoinHandle} (a {@link dev.jawait.task.JoinCell}); see there for
 * awaiting, {@link JoinHandle#abort() abort} and the rule for failures nobody observes, which go
 * to this executor's {@link UnhandledFailureHandler} (by default
 * {@link UnhandledFailureHandler#printing()}). A task that ends with a value completes its handle
 * without an atomic step, because only the executor thread completes tasks; a thread that awaits
 * the handle from elsewhere has the executor thread check it once more through the inbox (see
 * {@code LocalTask}). An aborted task is cancelled (its {@link Future#cancel()} runs, so a
 * suspended {@code @Async} machine runs its {@code finally} blocks) on the executor thread, at the
 * latest right after its current poll.
 *
 * <p>{@link #close()} cancels every task that has not finished, including spawns still in the
 * inbox, and stops the dedicated thread. A spawn on a closed executor is cancelled at once: its
 * handle throws {@link CancellationException} when awaited.
 *
 * <h2>Its own timer</h2>
 * {@link #timer()} is a real-time {@link Timer} fired by this executor's run loop instead of the
 * {@code jawait-timer} thread: a task that sleeps on it and is woken by it never leaves the
 * executor thread. See there.
 */
public final class LocalExecutor implements Spawner, AutoCloseable {
    /** Polls between two looks at the inbox (tokio's event interval, "copied from golang"). */
    static final int INBOX_INTERVAL = 61;

    /** Most inbox entries taken in one look, so that a wake storm cannot starve ready tasks. */
    private static final int INBOX_BATCH = 1024;

    /** LIFO-slot polls in a row before the slot's task goes to the FIFO queue (tokio's cap). */
    static final int MAX_LIFO_POLLS = 3;

    /** Polls between two moves of the spawn stack's oldest task to the FIFO queue. */
    static final int STACK_SPILL_INTERVAL = INBOX_INTERVAL * INBOX_INTERVAL;

    private static final Context NOOP_CONTEXT = Context.of(Waker.noop());

    private static final VarHandle OWNER;
    private static final VarHandle PARKED;
    private static final VarHandle TIMER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OWNER = lookup.findVarHandle(LocalExecutor.class, "owner", Thread.class);
            PARKED = lookup.findVarHandle(LocalExecutor.class, "parked", boolean.class);
            TIMER = lookup.findVarHandle(LocalExecutor.class, "timer", ExecutorTimer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final UnobservedFailures failures;
    private final LocalInbox inbox = new LocalInbox();
    private final AtomicInteger pendingSpawns = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);

    /** The dedicated thread, or {@code null} for an executor driven by {@link #blockOn}. */
    private final Thread dedicated;

    /** The thread running the executor right now, if any. Same-thread wakes compare against it. */
    private volatile Thread owner;

    /** Set by the executor thread before it re-checks the inbox and parks. */
    private volatile boolean parked;

    private volatile boolean shutdownRequested;

    /** No task will be polled any more; new spawns are cancelled at once. */
    private volatile boolean closed;

    /** Created by the first {@link #timer()} call; fired by the run loop. */
    private volatile ExecutorTimer timer;

    /** The slab. Grows, never shrinks; only the executor thread writes it. */
    private final LocalSlab slab = new LocalSlab();

    /**
     * The one context every poll on this executor gets. Its waker is looked up in the slab, by
     * the slot being polled, each time a future asks for it (a context is valid only during its
     * poll; see {@link Context}): the executor writes an int per poll, not a reference, because
     * once the context lives in the old generation each reference written into it would cost a
     * G1 write barrier's fence (see {@link SlotDeque}).
     */
    private final Context context = ContextBridge.newLookup(this::pollingWaker);

    // ---- Executor thread only (or whoever holds `owner`) ----
    /**
     * The slot whose task is being run (polled, then completed or requeued), or -1. A wake made
     * meanwhile comes from that task, so it goes to the LIFO slot; the timer's, made between
     * runs, go to the FIFO queue.
     */
    private int running = -1;
    /** The slot of the last task woken by a running task, or -1: it runs next (tokio's LIFO slot). */
    private int lifoSlot = -1;
    /** Polls in a row taken from the LIFO slot; capped at {@value #MAX_LIFO_POLLS}. */
    private int lifoPolls;
    /**
     * Tasks spawned by running tasks, newest last: the newest runs next, so a tree of spawns is
     * walked depth first (skynet keeps a few dozen tasks alive instead of the whole tree).
     */
    private final SlotDeque spawnStack = new SlotDeque();
    /** Yields, tasks leaving the LIFO slot, and wakes and spawns from elsewhere; oldest first. */
    private final SlotDeque fifoQueue = new SlotDeque();
    /** Stamps tasks as they are queued, so the fairness rule can tell which waited longer. */
    private int queueClock;
    /** Fairness ticks left until one moves the spawn stack's oldest task to the FIFO queue. */
    private int untilStackSpill = STACK_SPILL_INTERVAL / INBOX_INTERVAL;
    private boolean interruptedWhileBlocked;

    private LocalExecutor(UnhandledFailureHandler handler, String threadName) {
        this.failures = new UnobservedFailures(Objects.requireNonNull(handler, "handler"));
        // Started by the factory once construction is over.
        this.dedicated = threadName == null ? null : new Thread(this::runDedicated, threadName);
    }

    /**
     * An executor without a thread, driven by {@link #blockOn(Future)}, reporting unobserved
     * failures with {@link UnhandledFailureHandler#printing()}.
     */
    public static LocalExecutor create() {
        return create(UnhandledFailureHandler.printing());
    }

    /** An executor without a thread, driven by {@link #blockOn(Future)}. */
    public static LocalExecutor create(UnhandledFailureHandler handler) {
        return new LocalExecutor(handler, null);
    }

    /**
     * An executor running on a new (non-daemon) thread named {@code name} until
     * {@link #shutdown()} or {@link #close()}; unobserved failures are printed.
     */
    public static LocalExecutor startOnNewThread(String name) {
        return startOnNewThread(name, UnhandledFailureHandler.printing());
    }

    /** An executor running on a new (non-daemon) thread named {@code name} until closed. */
    public static LocalExecutor startOnNewThread(String name, UnhandledFailureHandler handler) {
        LocalExecutor executor = new LocalExecutor(handler, Objects.requireNonNull(name, "name"));
        executor.dedicated.start();
        return executor;
    }

    // ------------------------------------------------------------------------------------------
    // Public API
    // ------------------------------------------------------------------------------------------

    /**
     * Starts {@code future} as a task of this executor. Safe from any thread; from the executor
     * thread it takes no lock and no atomic instruction beyond the handle's. Spawned by a task of
     * this executor, the new task is polled next (last in, first out); spawned from another
     * thread, after the tasks already scheduled.
     */
    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
        Objects.requireNonNull(future, "future");
        if (Thread.currentThread() == owner && !closed) {
            int slot = slab.allocate();
            LocalTask<T> task = new LocalTask<>(this, future, slot, slab.generation(slot));
            occupy(slot, task, true);
            return task;
        }
        LocalTask<T> task = new LocalTask<>(this, future);
        if (closed) {
            cancelUnstarted(task);
        } else {
            // The task itself waits in the inbox until the executor thread gives it a slot.
            pendingSpawns.incrementAndGet();
            inbox.push(task);
            unparkOwner();
            // Pushed after the final drain of a shutdown? Then nobody else will take it.
            if (closed && task.claim()) {
                pendingSpawns.decrementAndGet();
                cancelUnstarted(task);
            }
        }
        return task;
    }

    /**
     * Runs this executor on the calling thread until {@code main} completes, and returns its value
     * or throws its failure unwrapped (checked exceptions too). Spawned tasks are polled meanwhile;
     * those still pending afterwards stay in the executor.
     *
     * <p>On an executor started with {@link #startOnNewThread}, {@code main} is spawned there and
     * the calling thread waits for it.
     *
     * @throws CancellationException if the executor was shut down before {@code main} completed,
     *     or if the calling thread was interrupted while waiting (then {@code main} is cancelled and
     *     the interrupt status is kept)
     * @throws IllegalStateException if called from a task of this executor (it would deadlock),
     *     while another thread is running it, or after it was closed
     */
    @SuppressWarnings("unchecked")
    public <T> T blockOn(Future<T> main) {
        Objects.requireNonNull(main, "main");
        Thread me = Thread.currentThread();
        if (owner == me) {
            throw new IllegalStateException(
                    "blockOn called on the executor thread by one of its own tasks: it would deadlock;"
                            + " await the future instead");
        }
        if (closed) {
            throw new IllegalStateException("this LocalExecutor is closed");
        }
        if (dedicated != null) {
            return blockOnDedicated(main);
        }
        if (!OWNER.compareAndSet(this, null, me)) {
            throw new IllegalStateException(
                    "this LocalExecutor is already running on thread " + owner
                            + "; only one thread can run it at a time");
        }
        try {
            if (closed) {
                throw new IllegalStateException("this LocalExecutor is closed");
            }
            drainInbox(); // spawns and wakes that arrived while no thread ran the executor go first
            LocalTask<T> handle = new LocalTask<>(this, main);
            install(handle);
            interruptedWhileBlocked = false;
            runLoop(handle);
            // Before this thread stops running the executor: a waiter stored from another thread
            // while a task completed here asked for a check through the inbox (the owner protocol
            // of JoinCell); the fence makes sure that either we see that request or its thread
            // sees the completion.
            VarHandle.fullFence();
            while (drainInbox()) {
                // requests keep coming only while other threads keep spawning or waking
            }
            failures.reportCollected();
            if (shutdownRequested) {
                terminate(); // cancels main too if it has not finished
            }
            return outcomeOf(handle, interruptedWhileBlocked);
        } finally {
            releaseOwnership(me);
        }
    }

    /**
     * Asks the executor to shut down and returns without waiting: every task that has not finished
     * is cancelled (its {@link Future#cancel()} runs on the executor thread) and the dedicated
     * thread, if any, ends. If no thread is running the executor, the calling thread does the
     * shutdown at once. A {@code blockOn} in progress throws {@link CancellationException}.
     */
    public void shutdown() {
        shutdownRequested = true;
        Thread me = Thread.currentThread();
        if (dedicated == null && OWNER.compareAndSet(this, null, me)) {
            releaseOwnership(me); // performs the shutdown
            return;
        }
        Thread running = owner;
        if (running != null && running != me) {
            LockSupport.unpark(running);
        }
    }

    /**
     * Shuts down (see {@link #shutdown()}) and waits until every task has been cancelled and the
     * dedicated thread has ended. Called from a task of this executor, it only requests the
     * shutdown, which happens right after the current poll.
     */
    @Override
    public void close() {
        shutdown();
        Thread me = Thread.currentThread();
        if (owner == me) {
            return;
        }
        boolean interrupted = false;
        try {
            while (!awaitTerminated()) {
                interrupted |= Thread.interrupted();
                // A blockOn that returned without seeing the request left it to us.
                if (dedicated == null && OWNER.compareAndSet(this, null, me)) {
                    releaseOwnership(me);
                }
            }
            if (dedicated != null) {
                for (;;) {
                    try {
                        dedicated.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /**
     * This executor's own real-time timer: sleeps, timeouts and intervals whose entries are fired
     * by the executor thread itself, so they cost no timer thread and, for this executor's tasks,
     * no cross-thread wake (the firing wakes the task on the thread that polls it).
     *
     * <ul>
     *   <li>The run loop fires due timers, in deadline order, every {@value #INBOX_INTERVAL} polls and
     *       whenever it runs out of ready tasks; when idle it parks with
     *       {@link LockSupport#parkNanos} until the earliest deadline instead of indefinitely.</li>
     *   <li>Entries live in a heap under the timer's own lock (not the inbox): from the executor
     *       thread that lock is uncontended. A registration from another thread that makes a new
     *       earliest deadline unparks a parked executor thread, through the same "announced park"
     *       handshake as a foreign wake, so the executor re-arms its park. Cancelling does not
     *       wake anyone.</li>
     *   <li>Timers fire only while a thread runs the executor: for an executor driven by
     *       {@link #blockOn}, between two {@code blockOn} calls they wait (like foreign wakes do)
     *       and fire late.</li>
     *   <li>{@link #shutdown() Shutdown} closes the timer: every pending time future fails with
     *       {@link IllegalStateException} (this executor's tasks are cancelled anyway; tasks of other
     *       executors waiting on it are woken and see the failure), and later sleeps on it fail at
     *       their first poll.</li>
     * </ul>
     * Tasks of other executors may use it too; they are then woken from this executor's thread.
     * The same object is returned on every call.
     */
    public Timer timer() {
        ExecutorTimer t = timer;
        if (t != null) {
            return t;
        }
        ExecutorTimer created = new ExecutorTimer(this::unparkOwner,
                "LocalExecutor" + (dedicated != null ? " " + dedicated.getName() : ""));
        if (!TIMER.compareAndSet(this, null, created)) {
            return timer;
        }
        // shutdownNow sets closed, then reads the timer: if it missed this one, close it here.
        if (closed) {
            created.shutDown();
        }
        return created;
    }

    /** Whether the executor has shut down: every task was cancelled and none will run. */
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /**
     * The number of tasks spawned and not finished yet, including spawns from other threads still
     * in the inbox and the future a {@code blockOn} is driving. Exact on the executor thread or
     * when the executor is not running; a recent snapshot otherwise.
     *
     * <p>It walks the slab (time in proportion to the most tasks ever alive at once): the executor
     * keeps no running count, which would cost every spawn and every completion a read and a
     * write.
     */
    public int taskCount() {
        return slab.occupied() + pendingSpawns.get();
    }

    /**
     * A task dump: this executor's {@code toString()}, then one line per live task with its id,
     * its state and its future's {@code toString()} (see {@link TaskInfo}), e.g.
     * <pre>
     * LocalExecutor[tasks=2]
     *   #0.0 suspended  sleep until +1.5s (in 0.5s)
     *   #1.0 suspended  JoinHandle[task #0.0, running]
     * </pre>
     * Costs nothing until it is called. See {@link #tasks()} for which thread reads the tasks.
     *
     * @return the dump, lines separated by {@code '\n'}
     */
    public String dumpTasks() {
        List<TaskInfo> tasks = tasks();
        return TaskInfo.render(describe(tasks.size()), tasks);
    }

    /**
     * The live tasks in slot order: what {@link #dumpTasks()} prints. Spawns from other threads
     * that a running executor has not admitted yet are not listed (they are counted by
     * {@link #taskCount()}).
     *
     * <p>The task list belongs to the executor thread, so it is read there: directly when called
     * from a task of this executor or while no thread runs it, otherwise by a short task spawned
     * for the purpose, which this method waits for. If the executor thread does not get to it
     * within a second (a task is blocking it), the list is read from this thread instead, as a
     * best-effort snapshot.
     *
     * @return the live tasks, an immutable list
     */
    public List<TaskInfo> tasks() {
        Thread me = Thread.currentThread();
        if (owner == me) {
            return snapshot(null);
        }
        if (dedicated == null && OWNER.compareAndSet(this, null, me)) {
            try {
                drainInbox(); // admits spawns made while no thread ran the executor
                return snapshot(null);
            } finally {
                releaseOwnership(me);
            }
        }
        if (closed) {
            return List.of();
        }
        CompletableFuture<List<TaskInfo>> result = new CompletableFuture<>();
        Future<Void> probe = new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                result.complete(snapshot(this));
                return Poll.ready(null);
            }

            @Override
            public String toString() {
                return "LocalExecutor.tasks()";
            }
        };
        spawn(probe).detach();
        try {
            return result.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            return snapshot(probe); // the executor thread is busy or gone: best effort
        } catch (InterruptedException e) {
            me.interrupt();
            return snapshot(probe);
        }
    }

    /** The live tasks, leaving out {@code exclude} (the probe reading them). */
    private List<TaskInfo> snapshot(Future<?> exclude) {
        LocalTask<?>[] occupants = slab.occupant;
        byte[] states = slab.state;
        List<TaskInfo> out = new ArrayList<>();
        int n = Math.min(Math.min(slab.used(), occupants.length), states.length);
        for (int slot = 0; slot < n; slot++) {
            LocalTask<?> task = occupants[slot];
            byte state = states[slot];
            if (task == null || state == LocalSlab.FREE || task.isFinished()) {
                continue;
            }
            // Read from another thread, the task may complete meanwhile: then this is its outcome.
            Object future = task.futureOrOutcome();
            if (!(future instanceof Future) || future == exclude) {
                continue;
            }
            TaskInfo.State shown;
            if (state == LocalSlab.RUNNING || state == LocalSlab.NOTIFIED) {
                shown = TaskInfo.State.RUNNING;
            } else if (state == LocalSlab.SCHEDULED || task.remoteWakePending()) {
                shown = TaskInfo.State.SCHEDULED;
            } else {
                shown = TaskInfo.State.SUSPENDED;
            }
            out.add(new TaskInfo(formatId(slot, task.generation()), shown, TaskInfo.describe(future)));
        }
        return List.copyOf(out);
    }

    /** A task id as dumps and join handles show it: {@code #slot.generation}. */
    static String formatId(int slot, int generation) {
        return "#" + slot + "." + generation;
    }

    /** Slots in the slab (for tests: it grows only with the number of tasks alive at once). */
    int slabCapacity() {
        return slab.capacity();
    }

    @Override
    public String toString() {
        return describe(taskCount());
    }

    private String describe(int tasks) {
        return "LocalExecutor[tasks=" + tasks + (dedicated != null ? ", thread=" + dedicated.getName() : "")
                + (isTerminated() ? ", terminated" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------
    // Waking
    // ------------------------------------------------------------------------------------------

    /**
     * What a task's waker does: schedule the occupant of {@code slot} if it is still of generation
     * {@code gen}. On the executor thread without atomics; from another thread through a mark in
     * the task's own word and the inbox.
     */
    void wake(LocalTask<?> task, int slot, int gen) {
        if (Thread.currentThread() == owner) {
            wakeLocal(slot, gen, running >= 0);
        } else if (task.markRemoteWake()) {
            // The task had not completed when it was marked. If it ends before the executor takes
            // the wake out, the generation check there drops the wake.
            inbox.push(task);
            unparkOwner();
        }
    }

    /**
     * Executor thread: a wake of generation {@code gen} of {@code slot}. No atomics. A wake made
     * by one of this executor's tasks ({@code lifo}) runs next; one from another thread or from
     * the timer waits its turn.
     */
    private void wakeLocal(int slot, int gen, boolean lifo) {
        if (slab.generation(slot) != gen) {
            return; // stale: the task this waker belonged to has ended
        }
        byte[] states = slab.state;
        switch (states[slot]) {
            case LocalSlab.IDLE:
                states[slot] = LocalSlab.SCHEDULED;
                if (lifo) {
                    int previous = lifoSlot;
                    stamp(slot);
                    lifoSlot = slot;
                    if (previous >= 0) {
                        enqueueLast(previous);
                    }
                } else {
                    enqueueLast(slot);
                }
                break;
            case LocalSlab.RUNNING:
                states[slot] = LocalSlab.NOTIFIED;
                break;
            default:
                break; // already owes a poll (SCHEDULED, NOTIFIED), or free
        }
    }

    /** Whether the calling thread is the one running this executor. */
    boolean isOwnerThread() {
        return Thread.currentThread() == owner;
    }

    /**
     * Any thread but the executor's: it stored its waker in {@code task}'s cell, which the
     * executor thread completes without a fence; have that thread check the cell once more.
     */
    void awaitedFromAnotherThread(LocalTask<?> task) {
        if (task.markRemoteAwait()) {
            inbox.push(task);
            unparkOwner();
        }
    }

    private void unparkOwner() {
        // Only the executor's "I will park" announcement makes an unpark necessary; the CAS lets
        // just one of many concurrent wakers pay for it.
        if (parked && PARKED.compareAndSet(this, true, false)) {
            Thread running = owner;
            if (running != null) {
                LockSupport.unpark(running);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // The loop
    // ------------------------------------------------------------------------------------------

    private void runDedicated() {
        Thread me = Thread.currentThread();
        // Nobody else can own an executor with a dedicated thread.
        OWNER.setVolatile(this, me);
        try {
            runLoop(null);
        } finally {
            try {
                terminate();
            } finally {
                owner = null;
            }
        }
    }

    /** Polls tasks until {@code main} (if any) finishes or a shutdown is requested. */
    private void runLoop(LocalTask<?> main) {
        // The owner does not change during the loop; the context carries its budget for the
        // futures it polls (Coop.budget(Context)).
        Coop.Budget budget = Coop.attach(context);
        int untilInbox = INBOX_INTERVAL;
        while (!shutdownRequested) {
            boolean fairnessTick = --untilInbox == 0;
            if (fairnessTick) {
                untilInbox = INBOX_INTERVAL;
                fireTimers();
                drainInbox();
            }
            int slot = nextTask(fairnessTick);
            if (slot < 0) {
                boolean fired = fireTimers();
                if (!drainInbox() && !fired) {
                    failures.reportCollected();
                    // The failure handler is user code on this thread: it may have woken or
                    // spawned a task, which no waker would announce again.
                    if (!hasQueuedTask()) {
                        parkUntilWoken(main);
                    }
                }
                continue;
            }
            LocalTask<?> task = slab.occupant[slot];
            running = slot;
            int outerBudget = budget.enter();
            boolean finished;
            try {
                finished = runTask(task, slot);
            } finally {
                budget.exit(outerBudget);
                running = -1;
            }
            if (finished && task == main) {
                return; // main ends in its own runTask, or at shutdown, which ends the loop too
            }
        }
    }

    /**
     * The next task to poll, in this order: the LIFO slot (at most {@value #MAX_LIFO_POLLS} times
     * in a row, then its task goes to the FIFO queue, so two tasks waking each other cannot starve
     * the rest), the newest spawn, the oldest of the FIFO queue.
     *
     * <p>On a fairness tick (every {@value #INBOX_INTERVAL} polls) the FIFO queue's oldest task goes
     * first if it has waited longer than the LIFO slot's and the newest spawn: a task that yields
     * or was woken from outside is not starved by tasks that keep spawning, while a task that
     * spawns a batch and yields still runs after its batch. Every {@value #STACK_SPILL_INTERVAL}
     * polls the oldest spawn moves to the FIFO queue, so an endless chain of spawns cannot bury it
     * either.
     */
    private int nextTask(boolean fairnessTick) {
        if (fairnessTick) {
            if (--untilStackSpill <= 0 && !spawnStack.isEmpty()) {
                untilStackSpill = STACK_SPILL_INTERVAL / INBOX_INTERVAL;
                fifoQueue.addLast(spawnStack.pollFirst()); // keeps its stamp: it has waited
            }
            int oldest = fifoQueue.peekFirst();
            if (oldest >= 0 && olderThan(oldest, lifoSlot) && olderThan(oldest, spawnStack.peekLast())) {
                return fifoQueue.pollFirst();
            }
        }
        int slot = lifoSlot;
        if (slot >= 0) {
            lifoSlot = -1;
            if (++lifoPolls <= MAX_LIFO_POLLS) {
                return slot;
            }
            enqueueLast(slot);
        }
        lifoPolls = 0;
        slot = spawnStack.pollLast();
        return slot >= 0 ? slot : fifoQueue.pollFirst();
    }

    /** Whether {@link #nextTask} has a task to return. */
    private boolean hasQueuedTask() {
        return lifoSlot >= 0 || !spawnStack.isEmpty() || !fifoQueue.isEmpty();
    }

    /** Whether the task in {@code slot} was queued before the one in {@code other} (or there is none). */
    private boolean olderThan(int slot, int other) {
        LocalTask<?>[] occupants = slab.occupant;
        return other < 0 || occupants[slot].queuedAt - occupants[other].queuedAt < 0;
    }

    /** Executor thread: a task spawned by a running task, polled next. */
    private void push(int slot) {
        stamp(slot);
        spawnStack.addLast(slot);
    }

    /** Executor thread: a task that waits its turn behind the FIFO queue. */
    private void enqueueLast(int slot) {
        stamp(slot);
        fifoQueue.addLast(slot);
    }

    /** Records when the task in {@code slot} was queued, for the fairness rule ({@link #olderThan}). */
    private void stamp(int slot) {
        slab.occupant[slot].queuedAt = queueClock++;
    }

    /**
     * The waker of the task being run, for {@link #context}; no-op between runs, and once the
     * task has given up its slot.
     */
    private Waker pollingWaker() {
        int slot = running;
        LocalTask<?>[] occupants = slab.occupant;
        // Bounds-checked: a future that breaks the rule and asks from another thread gets some
        // waker (a spurious wake is harmless), never an exception thrown into the wrong place.
        LocalTask<?> task = slot >= 0 && slot < occupants.length ? occupants[slot] : null;
        return task != null ? task : Waker.noop();
    }

    /** Polls {@code task}, the occupant of {@code slot}, once; returns whether it finished. */
    private boolean runTask(LocalTask<?> task, int slot) {
        if (task.abortRequested()) {
            cancelTask(task);
            return true;
        }
        slab.state[slot] = LocalSlab.RUNNING;
        Poll<Object> poll;
        try {
            Future<Object> future = task.future();
            poll = Polls.nonNull(future.poll(context), future);
        } catch (Throwable failure) {
            release(slot);
            task.failWith(failure);
            return true;
        }
        if (poll.isReady()) {
            release(slot);
            task.completeWith(poll);
            return true;
        }
        if (task.abortRequested()) {
            cancelTask(task);
            return true;
        }
        byte[] states = slab.state; // read again: spawns made by the poll may have grown the slab
        if (states[slot] == LocalSlab.NOTIFIED) {
            // Woken during its own poll: a yield, so behind everything already scheduled.
            states[slot] = LocalSlab.SCHEDULED;
            enqueueLast(slot);
        } else {
            states[slot] = LocalSlab.IDLE;
        }
        return false;
    }

    /**
     * Takes up to {@value #INBOX_BATCH} entries from the inbox; returns whether it took any. Waits
     * out a push that is half-way (a producer between its two steps).
     */
    private boolean drainInbox() {
        int taken = 0;
        int spins = 0;
        while (taken < INBOX_BATCH) {
            LocalTask<?> node = inbox.poll();
            if (node == null) {
                if (inbox.isEmpty()) {
                    break;
                }
                if (++spins < 64) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the producer may have been descheduled mid-push
                }
                continue;
            }
            taken++;
            if (!node.isAssigned()) {
                admit(node); // a spawn from another thread
            } else {
                long marks = node.takeRemoteMarks();
                if (LocalTask.awaitedIn(marks)) {
                    node.answerRemoteAwait(); // a waiter stored from another thread
                }
                if (LocalTask.wokenIn(marks)) {
                    // A wake from another thread; the task may have ended since, and its slot moved
                    // on to another occupant, which this wake is not for: wakeLocal checks the
                    // generation.
                    wakeLocal(LocalTask.slotOf(marks), LocalTask.generationOf(marks), false);
                }
            }
        }
        return taken > 0;
    }

    /** Executor thread: fires the due timers of {@link #timer()}, if any; returns whether some did. */
    private boolean fireTimers() {
        ExecutorTimer t = timer;
        return t != null && t.fire() > 0;
    }

    /**
     * Announces the park, re-checks the inbox (so no wake is lost), and parks until the earliest
     * timer deadline, if any. A registration of a new earliest timer reads {@code parked} after
     * adding its entry under the timer lock, and we read the deadline under that lock after
     * writing {@code parked}: either we see the entry or it sees the announcement and unparks us.
     */
    private void parkUntilWoken(LocalTask<?> main) {
        parked = true;
        while (parked && inbox.isEmpty() && !shutdownRequested) {
            ExecutorTimer t = timer;
            long wait = t == null ? Long.MAX_VALUE : t.nanosToNext();
            if (wait == 0) {
                break; // a timer is due: back to the loop, which fires it
            }
            if (wait == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, wait);
            }
            if (Thread.interrupted()) {
                if (main != null) {
                    // blockOn's rule: an interrupt cancels the future it drives.
                    interruptedWhileBlocked = true;
                    main.abort();
                    break;
                }
                // The dedicated thread stops only through shutdown(); ignore stray interrupts.
            }
        }
        parked = false;
    }

    // ------------------------------------------------------------------------------------------
    // Slots
    // ------------------------------------------------------------------------------------------

    /**
     * Executor thread: gives a task created off this thread (or before the loop) a slot, and
     * schedules its first poll behind the queue.
     */
    private void install(LocalTask<?> task) {
        int slot = slab.allocate();
        task.assign(slot, slab.generation(slot));
        occupy(slot, task, false);
    }

    /**
     * Executor thread: {@code task}, which already carries its id, takes {@code slot}; its first
     * poll comes next ({@code lifo}: a spawn by a running task) or behind the queue.
     */
    private void occupy(int slot, LocalTask<?> task, boolean lifo) {
        slab.occupant[slot] = task;
        slab.state[slot] = LocalSlab.SCHEDULED;
        if (lifo) {
            push(slot);
        } else {
            enqueueLast(slot);
        }
    }

    /** Executor thread: a spawn that came through the inbox. */
    private void admit(LocalTask<?> task) {
        if (!task.claim()) {
            return; // the spawner found the executor closed and cancelled it
        }
        pendingSpawns.decrementAndGet();
        if (closed) {
            cancelUnstarted(task);
        } else {
            install(task);
        }
    }

    /**
     * Executor thread: the task ended; its slot gets a new generation (so its wakers go stale)
     * before it goes back on the free list.
     */
    private void release(int slot) {
        slab.free(slot);
    }

    /** Executor thread: abort or shutdown of a task that holds a slot. */
    private void cancelTask(LocalTask<?> task) {
        release(task.slot()); // first, so wakes made by cancel() are stale and ignored
        cancelUnstarted(task);
    }

    private void cancelUnstarted(LocalTask<?> task) {
        failures.cancelReportingFailure(task.future());
        task.markCancelled();
    }

    // ------------------------------------------------------------------------------------------
    // blockOn, shutdown
    // ------------------------------------------------------------------------------------------

    private <T> T blockOnDedicated(Future<T> main) {
        JoinHandle<T> handle = spawn(main);
        try {
            return BlockOn.blockOn(handle);
        } catch (CancellationException e) {
            if (Thread.currentThread().isInterrupted()) {
                handle.abort();
            }
            throw e;
        }
    }

    private static <T> T outcomeOf(LocalTask<T> handle, boolean interrupted) {
        try {
            // Outside any task's poll (blockOn may itself run inside another executor's task,
            // whose spent budget must not turn this finished handle into a pending one).
            Coop.Budget budget = Coop.budget();
            int outerBudget = budget.unconstrain();
            try {
                return handle.poll(NOOP_CONTEXT).get();
            } finally {
                budget.exit(outerBudget);
            }
        } catch (CancellationException e) {
            if (interrupted && e.getCause() == null) {
                e.initCause(new InterruptedException());
            }
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Gives up the executor. If a shutdown was requested meanwhile and nobody performed it, do it
     * now: {@link #shutdown()} writes its request then tries to take the executor, we clear the
     * owner then read the request, so one of the two always does the work.
     */
    private void releaseOwnership(Thread me) {
        for (;;) {
            if (shutdownRequested) {
                terminate();
            }
            owner = null;
            if (!shutdownRequested || isTerminated() || !OWNER.compareAndSet(this, null, me)) {
                return;
            }
        }
    }

    /** Owner only: shuts down unless that was done already, and releases close() callers. */
    private void terminate() {
        if (isTerminated()) {
            return;
        }
        try {
            shutdownNow();
        } finally {
            terminated.countDown();
        }
    }

    /**
     * Owner only: cancels every task, including spawns waiting in the inbox, and reports the
     * failures nobody observed. Cancelling may spawn or wake (finally blocks run), so repeat until
     * nothing is left.
     */
    private void shutdownNow() {
        closed = true;
        shutdownRequested = true;
        // Before the tasks are cancelled, so that finally blocks cannot start new sleeps on it.
        ExecutorTimer t = timer;
        if (t != null) {
            t.shutDown();
        }
        boolean cancelledSome;
        do {
            clearQueues();
            while (drainInbox()) {
                // spawns are cancelled as they are admitted (closed is set); wakes are moot
            }
            cancelledSome = false;
            for (int slot = 0; slot < slab.used(); slot++) {
                LocalTask<?> task = slab.occupant[slot];
                if (task != null) {
                    cancelTask(task);
                    cancelledSome = true;
                }
            }
        } while (cancelledSome || !inbox.isEmpty());
        clearQueues();
        failures.reportAll();
    }

    private void clearQueues() {
        lifoSlot = -1;
        spawnStack.clear();
        fifoQueue.clear();
    }

    private boolean awaitTerminated() {
        try {
            return terminated.await(10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
