package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.ContextBridge;
import dev.jawait.task.Coop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One worker thread of a {@link WorkStealingExecutor}.
 *
 * <p>Where it looks for the next task, in order (tokio's multi-thread scheduler, notes/runtime.md
 * §6):
 * <ol>
 *   <li>the <b>LIFO slot</b>: the last task woken by this thread, so that a message's receiver
 *       runs next while the data is hot. At most {@value #MAX_LIFO_POLLS_PER_TICK} LIFO polls
 *       follow one queue task; after that the slot's task goes to the back of the ring, so two
 *       tasks waking each other cannot starve the rest. The slot is never stolen;</li>
 *   <li>every {@value #GLOBAL_QUEUE_INTERVAL}th tick the <b>injection queue</b> first, so that work
 *       from outside the pool is not starved by a busy worker; then the ring's oldest task if it
 *       has waited longer than the newest spawn, so that a yield is not starved by tasks that keep
 *       spawning, while a task that spawns a batch and yields still runs after its batch. Every
 *       {@value #STACK_SPILL_INTERVAL} ticks the spawn deque's oldest task moves to the ring, so
 *       an endless chain of spawns cannot bury it;</li>
 *   <li>the newest task of its <b>spawn deque</b> ({@link WsSpawnDeque}): tasks spawned by this
 *       worker's tasks run last in, first out, so a tree of spawns is walked depth first (skynet
 *       keeps one path of the tree alive per worker, not the whole tree), while other workers
 *       steal the oldest (in a tree, the biggest piece of work left): {@code ForkJoinPool}'s
 *       "owner pops the newest, thieves take the oldest";</li>
 *   <li>its own <b>ring</b> ({@link WsLocalQueue});</li>
 *   <li>a batch from the <b>injection queue</b>;</li>
 *   <li>if fewer than half the workers steal, <b>stealing</b>: the oldest task of another
 *       worker's spawn deque, or else half of its ring;</li>
 *   <li>otherwise it <b>parks</b> (see {@link WsIdle} for the handshake).</li>
 * </ol>
 * A task woken while it is being polled (it yields, or wakes itself) is requeued at the back of
 * the ring, never in the LIFO slot. When this thread itself made that wake (the usual yield), it
 * costs no atomic step: {@link WsTask#wakeByRef()} sees the task in {@link #polling} and only
 * sets {@link #pollingWokeItself}, and the task travels through the ring still {@code RUNNING}
 * (see {@link WsTask}). That, the LIFO cap, the injection interval and the fairness
 * rule stop a self-waking task from starving others; the {@link Coop} budget (entered afresh for
 * each poll) makes a task that only meets ready futures yield too.
 *
 * <p>The thread object itself is the worker, so "am I a worker of this executor" is one
 * {@code instanceof} and a field compare.
 */
final class WsWorker extends Thread {
    static final int MAX_LIFO_POLLS_PER_TICK = 3;
    static final int GLOBAL_QUEUE_INTERVAL = 31;
    static final int LOCAL_POOL_CAPACITY = 256;
    /**
     * Ticks between two moves of the spawn deque's oldest task to the ring (a multiple of
     * {@link #GLOBAL_QUEUE_INTERVAL}). Long, because each move starts a big subtree of a tree of
     * spawns early and so widens its walk; it only has to bound the wait of a task buried under
     * an endless chain of spawns.
     */
    static final int STACK_SPILL_INTERVAL = GLOBAL_QUEUE_INTERVAL * GLOBAL_QUEUE_INTERVAL * GLOBAL_QUEUE_INTERVAL;
    private static final VarHandle SPAWNED_COUNT;
    private static final VarHandle COMPLETED_COUNT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SPAWNED_COUNT = lookup.findVarHandle(WsWorker.class, "spawnedCount", long.class);
            COMPLETED_COUNT = lookup.findVarHandle(WsWorker.class, "completedCount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final WorkStealingExecutor executor;
    final int index;
    final WsLocalQueue queue;
    /** Tasks spawned on this worker, newest at the bottom; the owner pops, others steal. */
    final WsSpawnDeque spawned = new WsSpawnDeque();
    /**
     * The shard of the registry of suspended tasks that this worker's tasks join when they first
     * return pending (see {@link WorkStealingExecutor}: a task that completes in its first poll
     * never takes this lock).
     */
    final WsTaskRegistry registry = new WsTaskRegistry();

    /**
     * Tasks spawned on this worker, and tasks completed on it, ever: written only by this thread
     * (release), read by any (acquire); see {@link WorkStealingExecutor#liveTaskCount()}.
     */
    @SuppressWarnings("unused") // accessed through SPAWNED_COUNT
    private long spawnedCount;
    @SuppressWarnings("unused") // accessed through COMPLETED_COUNT
    private long completedCount;

    /** Written by the owner, or by {@link WsIdle#notifyOne} under its lock while this worker sleeps. */
    boolean searching;
    /** Set by {@link WsIdle#notifyOne} when it picks this sleeping worker. */
    volatile boolean notified;

    // Owner-only state.
    private WsTask lifo;
    private int tick;
    /** This thread's {@link Coop} budget, entered afresh for every poll. */
    private Coop.Budget budget;
    /**
     * The task this thread is polling right now, if any (read by {@link WsTask#wakeByRef()}, and
     * by this worker's context: see {@link #pollingWaker()}).
     */
    WsTask polling;
    /** Whether {@link #polling} woke itself during the poll: a yield taken without atomics. */
    boolean pollingWokeItself;
    /**
     * The context of every poll on this worker: its waker is the task in {@link #polling}, looked
     * up at each call, so no reference is written into it per poll (see {@link #pollingWaker()}).
     */
    final Context context = ContextBridge.newLookup(this::pollingWaker);
    /**
     * A task that yielded, or left the LIFO slot at its cap, while nothing else was runnable here
     * (see {@link #requeueBehind}), until {@link #nextTask()} takes it: right after that poll.
     */
    private WsTask yieldedAlone;
    /** What {@link #spinForWork()} waits for (one object per worker: the spin allocates nothing). */
    private final BooleanSupplier workOrShutdown;
    /** Stamps the tasks this worker queues, for the fairness rule. */
    private int queueClock;
    private int seed;
    private final WsTask[] free = new WsTask[LOCAL_POOL_CAPACITY];
    private int freeCount;

    WsWorker(WorkStealingExecutor executor, int index, String name, boolean daemon) {
        super(name);
        this.executor = executor;
        this.workOrShutdown = () -> executor.isShutdown() || executor.hasVisibleWork();
        this.index = index;
        this.queue = new WsLocalQueue(executor.inject);
        this.seed = 0x9E3779B9 * (index + 1);
        setDaemon(daemon);
    }

    @Override
    public void run() {
        budget = Coop.attach(context); // the futures this worker polls find it there
        try {
            for (;;) {
                WsTask task = nextTask();
                if (task == null) {
                    task = searchForWork();
                }
                if (task != null) {
                    if (searching) {
                        endSearching();
                    }
                    runTask(task);
                } else if (!park()) {
                    return;
                }
            }
        } finally {
            lifo = null;
            spawned.clear();
            while (freeCount > 0) {
                free[--freeCount] = null;
            }
            executor.workerExited();
        }
    }

    // ---------------------------------------------------------------- scheduling from this thread

    /** A task woken by this thread (not by itself): into the LIFO slot; its previous occupant to the ring. */
    void scheduleWoken(WsTask task) {
        WsTask previous = lifo;
        lifo = task;
        if (previous != null) {
            queue.pushBack(previous);
            executor.idle.notifyOne();
        }
    }

    /**
     * A task spawned by this thread: onto the spawn deque, to run next here unless an idle worker
     * steals it (or an older spawn) first; a sleeping worker is woken to try. When the deque is
     * full, its oldest task moves to the ring.
     */
    void scheduleSpawned(WsTask task) {
        task.queuedAt = queueClock++;
        while (!spawned.push(task)) {
            WsTask oldest = spawned.steal();
            if (oldest != null) {
                scheduleBack(oldest);
            }
        }
        executor.idle.notifyOne();
    }

    /** Counts a spawn by a task of this worker (before the task is published). */
    void countSpawned() {
        SPAWNED_COUNT.setRelease(this, (long) SPAWNED_COUNT.get(this) + 1);
    }

    /** Counts a task completed on this worker. */
    void countCompleted() {
        COMPLETED_COUNT.setRelease(this, (long) COMPLETED_COUNT.get(this) + 1);
    }

    /** Tasks ever spawned on this worker (any thread; see {@link WorkStealingExecutor#liveTaskCount()}). */
    long spawnedCount() {
        return (long) SPAWNED_COUNT.getAcquire(this);
    }

    /** Tasks ever completed on this worker (any thread). */
    long completedCount() {
        return (long) COMPLETED_COUNT.getAcquire(this);
    }

    /** A task moved out of the spawn deque: to the back of the ring. */
    private void scheduleBack(WsTask task) {
        task.queuedAt = queueClock++;
        queue.pushBack(task);
        executor.idle.notifyOne();
    }

    /**
     * A task that must wait its turn behind this worker's other work: one that woke itself during
     * its poll (a yield), or the LIFO slot's task when the slot reaches its cap. To the back of the
     * ring; a sleeping worker is woken only if this one has other work: alone, the task is the
     * next thing this worker runs, and a thief would just move it to the other core and back (a
     * single yielding chain cost ~150 ns per step that way, against ~30 ns when it stays; two
     * tasks passing a message back and forth were split across the cores at every cap). Alone,
     * it skips the ring too ({@link #yieldedAlone}).
     */
    private void requeueBehind(WsTask task) {
        task.queuedAt = queueClock++;
        if (lifo == null && yieldedAlone == null && spawned.isEmpty() && queue.isEmpty()) {
            // Alone: it would be the ring's only task, popped right back by nextTask(); keeping it
            // in a field saves the ring's push and its CAS to pop. (Thieves are not told either.)
            yieldedAlone = task;
            return;
        }
        queue.pushBack(task);
        executor.idle.notifyOne();
    }

    // ---------------------------------------------------------------- finding work

    private WsTask nextTask() {
        WsTask task = lifo;
        if (task != null) {
            lifo = null;
            return task;
        }
        boolean driverTick = ++tick % GLOBAL_QUEUE_INTERVAL == 0;
        // A task that yielded alone would be the ring's only task had it been queued, so it runs
        // next unless a driver tick finds injected work. It is not put in the ring just for the
        // tick's look: a spinning idle worker could steal it from there, and move a lone
        // yielding task to the other core and back.
        WsTask yielded = yieldedAlone;
        yieldedAlone = null;
        if (driverTick) {
            // The driver tick: due timers, whose tasks land in the LIFO slot (runTask polls them
            // after the task picked here), then the injection queue.
            executor.fireTimers();
            task = executor.inject.pop();
            if (task != null) {
                if (yielded != null) {
                    queue.pushBack(yielded);
                    executor.idle.notifyOne();
                }
                return task;
            }
            task = yielded != null ? yielded : fairnessPick();
            if (task != null) {
                return task;
            }
            task = lifo;
            if (task != null) {
                // A timer fired just now. Not to be missed: no other queue shows this task, so
                // returning null would park this worker with it.
                lifo = null;
                return task;
            }
        } else if (yielded != null) {
            return yielded;
        }
        task = spawned.pop();
        if (task != null) {
            return task;
        }
        task = queue.pop();
        return task != null ? task : pullFromInjection();
    }

    /** The fairness rule of a driver tick (see the class comment); {@code null}: the usual order. */
    private WsTask fairnessPick() {
        if (tick % STACK_SPILL_INTERVAL == 0) {
            WsTask oldestSpawn = spawned.steal();
            if (oldestSpawn != null) {
                queue.pushBack(oldestSpawn); // keeps its stamp: it has waited
            }
        }
        WsTask oldest = queue.peek();
        WsTask newestSpawn = spawned.peekNewest();
        if (oldest != null && (newestSpawn == null || oldest.queuedAt - newestSpawn.queuedAt < 0)) {
            return queue.pop(); // perhaps another task if a thief took that one: still fair enough
        }
        return null;
    }

    private WsTask pullFromInjection() {
        WsInjectQueue inject = executor.inject;
        if (inject.isEmpty()) {
            return null;
        }
        int batch = Math.min(inject.size() / executor.workerCount() + 1, WsLocalQueue.HALF);
        WsTask task = inject.popInto(queue, batch);
        if (!queue.isEmpty()) {
            // The rest of the batch moved to the ring (empty before: this runs when it is). While
            // they moved, no queue showed them: a worker that re-checked then is parked now.
            executor.idle.notifyOne();
        }
        return task;
    }

    private WsTask searchForWork() {
        if (!executor.idle.tryStartSearching(this)) {
            return null;
        }
        WsWorker[] all = executor.workers();
        int n = all.length;
        if (n > 1) {
            int start = nextRandom(n);
            for (int i = 0; i < n; i++) {
                WsWorker victim = all[(start + i) % n];
                if (victim != this) {
                    // The oldest spawn first: in a tree of spawns, the biggest piece left.
                    WsTask task = victim.spawned.steal();
                    if (task == null) {
                        task = victim.queue.stealInto(queue);
                    }
                    if (task != null) {
                        return task;
                    }
                }
            }
        }
        return pullFromInjection();
    }

    private void endSearching() {
        // Decrement first, then look: a submitter that saw us searching skipped its notify, so
        // if we were the last searcher we pass the duty on while work is visible.
        if (executor.idle.stopSearching(this) && executor.hasVisibleWork()) {
            executor.idle.notifyOne();
        }
    }

    /**
     * Parks until notified. Returns {@code false} when the executor has shut down and every task
     * has completed, so the thread should exit.
     */
    private boolean park() {
        WsIdle idle = executor.idle;
        if (searching) {
            // Still counted as searching, so a submitter skips its notify: work that arrives
            // within the spin is taken without a park, an unpark, or waking another worker.
            if (spinForWork()) {
                return true;
            }
            idle.stopSearching(this);
        }
        if (executor.isDrained()) {
            return false;
        }
        if (executor.fireTimers() > 0) {
            return true; // the woken tasks of this executor are in this worker's LIFO slot
        }
        // Out of work: a good moment to report failures whose handles were garbage collected.
        executor.failures.reportCollected();
        if (lifo != null) {
            return true; // the failure handler (user code, on this thread) woke one of our tasks
        }
        idle.announce(this);
        if (executor.hasVisibleWork() || executor.isDrained()) {
            idle.unannounce(this);
            // Searching again: submitters that saw this worker search skipped their notify, and
            // it takes one task; so taking it must pass the duty on (endSearching) if more is
            // left, or the other tasks wait for a worker nobody wakes.
            idle.tryStartSearching(this);
            return true;
        }
        long timerWait = executor.claimTimerKeeper(this);
        if (timerWait == 0) {
            idle.unannounce(this);
            return true; // a timer is due: the next park() fires it
        }
        if (timerWait != Long.MAX_VALUE) {
            keepTime(timerWait);
            return true;
        }
        while (!notified) {
            LockSupport.park(this);
            // A stray interrupt would make every later park return at once.
            Thread.interrupted();
            if (executor.isDrained()) {
                idle.unannounce(this);
                return true;
            }
        }
        return true;
    }

    /**
     * Spins for up to the executor's {@link WorkStealingExecutor#spinNanos} while no queue visibly
     * holds a task; returns whether one does. Not after shutdown: the caller must go on to its
     * exit check.
     */
    private boolean spinForWork() {
        return SpinWait.until(executor.spinNanos, workOrShutdown) && !executor.isShutdown();
    }

    /**
     * Parks as the executor's time keeper until the earliest deadline, an earlier registration, a
     * notification or the drain; then fires the due timers. If that gave this worker tasks while
     * timers are still pending, a sleeper is woken to keep time meanwhile.
     */
    private void keepTime(long nanos) {
        LockSupport.parkNanos(this, nanos);
        Thread.interrupted(); // a stray interrupt would make every later park return at once
        executor.releaseTimerKeeper(this);
        executor.idle.unannounce(this); // nothing to undo if a notifier already took us
        executor.fireTimers();
        if ((lifo != null || !spawned.isEmpty() || !queue.isEmpty()) && executor.timersPending()) {
            executor.idle.notifyOne();
        }
    }

    private int nextRandom(int bound) {
        int x = seed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        seed = x;
        return (x & Integer.MAX_VALUE) % bound;
    }

    // ---------------------------------------------------------------- running

    /** Runs {@code task}, then what it put in the LIFO slot, up to the cap. */
    private void runTask(WsTask task) {
        pollTask(task);
        int lifoPolls = 0;
        while (lifo != null) {
            WsTask next = lifo;
            lifo = null;
            if (++lifoPolls > MAX_LIFO_POLLS_PER_TICK) {
                requeueBehind(next);
                return;
            }
            pollTask(next);
        }
    }

    /**
     * The waker of the task being polled (the task itself), which this worker's context hands to
     * the futures it polls; no-op between polls. Looked up instead of written into the context
     * at each poll: once the context is in the old generation, G1's write barrier makes each such
     * reference store a StoreLoad fence, and {@link #polling} is written anyway.
     */
    Waker pollingWaker() {
        WsTask task = polling;
        return task != null ? task : Waker.noop();
    }

    private void pollTask(WsTask task) {
        // After shutdown a queued task is cancelled unpolled (the shutdown sweep only reaches
        // tasks that have suspended; see WorkStealingExecutor).
        if (task.transitionToRunning() || executor.isShutdown()) {
            executor.cancelRunning(task);
            return;
        }
        Poll<?> poll;
        int outerBudget = budget.enter();
        polling = task;
        pollingWokeItself = false;
        try {
            poll = task.pollOn(this);
        } catch (Throwable failure) {
            executor.finish(task, null, failure, false);
            return;
        } finally {
            polling = null;
            budget.exit(outerBudget);
        }
        if (poll.isReady()) {
            executor.finish(task, poll, null, false);
            return;
        }
        if (task.registry == null) {
            registerSuspended(task);
        }
        if (pollingWokeItself) {
            // A yield: the task keeps RUNNING (and the running reference) into the queue entry,
            // and the worker that takes it from there owns it without a CAS (see WsTask).
            requeueBehind(task);
            return;
        }
        switch (task.transitionToIdle()) {
            case WsTask.NOTIFIED:
                requeueBehind(task);
                break;
            case WsTask.ABORTED:
                executor.cancelRunning(task);
                break;
            default:
                break;
        }
    }

    /**
     * A task (owned: RUNNING) suspends for the first time: it joins this worker's registry shard,
     * so that shutdown and the task dump can reach it while it sits in no queue. Then it reads
     * {@code closed}; shutdown writes {@code closed}, then sweeps the registry, so either the
     * sweep finds the task or the task sees the shutdown and is aborted here (cancelled by the
     * {@code transitionToIdle} that follows).
     */
    private void registerSuspended(WsTask task) {
        registry.add(task);
        if (executor.isShutdown()) {
            task.abort(task.generation());
        }
    }

    // ---------------------------------------------------------------- task object pool

    /** A pooled task object, refilling from the shared pool when empty; {@code null} if none. */
    WsTask takeFree() {
        if (freeCount == 0) {
            freeCount = executor.pool.takeInto(free, LOCAL_POOL_CAPACITY / 2);
            if (freeCount == 0) {
                return null;
            }
        }
        WsTask t = free[--freeCount];
        free[freeCount] = null;
        return t;
    }

    /** Keeps a recycled object; spills half the list to the shared pool when full. */
    void releaseFree(WsTask task) {
        if (freeCount == LOCAL_POOL_CAPACITY) {
            executor.pool.releaseAll(free, LOCAL_POOL_CAPACITY / 2, LOCAL_POOL_CAPACITY);
            freeCount = LOCAL_POOL_CAPACITY / 2;
        }
        free[freeCount++] = task;
    }
}
