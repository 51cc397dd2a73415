package dev.jawait.bench;

import dev.jawait.Await;
import dev.jawait.Poll;
import dev.jawait.bench.JawaitExecutors.Local;
import dev.jawait.bench.JawaitExecutors.Ws;
import dev.jawait.bench.floor.Machine;
import dev.jawait.bench.floor.MinimalTaskIdExecutor;
import dev.jawait.bench.floor.RunQueue;
import dev.jawait.bench.floor.TinyRunQueue;
import dev.jawait.bench.jawait.AsyncWorkloads;
import dev.jawait.bench.jawait.SkynetTask;
import dev.jawait.bench.support.NamedThreads;
import dev.jawait.bench.support.VirtualThreads;
import dev.jawait.executor.ExecutorSpawner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Skynet (atemerev/skynet): a 10-ary tree of tasks; each inner task spawns ten children and sums
 * their results, each leaf returns its ordinal. With {@code leaves = 1,000,000} that is 1,111,111
 * tasks and the sum 499,999,500,000. Score: ms per tree. Targets: within 2x of the hand-written
 * machine, 10x faster than virtual threads, faster than {@code CompletableFuture}.
 *
 * <p>Every row's last answer is checked after each iteration against the sum of
 * {@code 0 .. leaves-1}, computed here rather than copied.
 *
 * <p>The heap is fixed and pre-touched, as in {@link AwaitChain}: every row allocates 50–350 MB
 * per tree, and with the JVM's default sizing the collector kept growing the heap into memory
 * touched for the first time, so page faults (kernel time on the benchmark thread) made up a
 * third of a row's time and most of its spread (LocalExecutor, one standalone run: 96 ms per
 * tree with the default heap, 61 ms with this one). 2 GiB, because the virtual-thread row keeps
 * up to a million threads alive at once.
 */
@BenchmarkMode(Mode.SampleTime)
@Fork(jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Skynet {

    /** The size of the tree; the smoke tests use a small one. */
    @State(Scope.Benchmark)
    public static class Tree {
        /** Leaves; a power of ten. */
        @Param("1000000")
        public int leaves;

        /** The answer of the last run, checked after each iteration. */
        public volatile long lastSum = -1;

        @Setup
        public void validate() {
            Check.that(leaves > 0 && tasks(leaves) > 0, "leaves must be a power of ten: " + leaves);
        }

        @TearDown(Level.Iteration)
        public void check() {
            long expected = expectedSum(leaves);
            Check.that(lastSum == expected, "skynet sum " + lastSum + " != " + expected);
            lastSum = -1;
        }
    }

    /** The sum of the leaves' ordinals, {@code 0 + 1 + ... + (leaves - 1)}. */
    public static long expectedSum(long leaves) {
        return leaves * (leaves - 1) / 2;
    }

    /** Tasks in the tree ({@code 1 + 10 + ... + leaves}), or -1 if leaves is not a power of ten. */
    public static long tasks(long leaves) {
        long level = 1;
        long total = 1;
        while (level < leaves) {
            level *= 10;
            total += level;
        }
        return level == leaves ? total : -1;
    }

    // ---------------------------------------------------------------- hand-written floor

    /** The floor: one machine per node on the single-thread LIFO run queue. */
    @State(Scope.Thread)
    public static class Floor {
        final RunQueue queue = new RunQueue(true);
    }

    static final class Node extends Machine {
        private final Node parent;
        private final long num;
        private final int size;
        private int state;
        private int pending;
        long sum;

        Node(Node parent, long num, int size) {
            this.parent = parent;
            this.num = num;
            this.size = size;
        }

        @Override
        protected void resume(RunQueue q) {
            switch (state) {
                case 0: // spawn the children, or answer as a leaf
                    if (size == 1) {
                        finish(num, q);
                        return;
                    }
                    int child = size / 10;
                    pending = 10;
                    state = 1;
                    for (int i = 0; i < 10; i++) {
                        q.wake(new Node(this, num + (long) i * child, child));
                    }
                    return;
                case 1: // the last child has reported
                    finish(sum, q);
                    return;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }

        private void finish(long value, RunQueue q) {
            state = 2;
            if (parent == null) {
                sum = value;
            } else {
                parent.sum += value;
                if (--parent.pending == 0) {
                    q.wake(parent);
                }
            }
        }
    }

    @Benchmark
    public long handwritten(Floor s, Tree tree) {
        Node root = new Node(null, 0, tree.leaves);
        s.queue.wake(root);
        s.queue.runUntilIdle();
        tree.lastSum = root.sum;
        return root.sum;
    }

    /**
     * The floor's node, plus exactly the objects a {@code Future<Long>} task must allocate per node
     * under the contract and issue #2: a handle per spawn (here the smallest: one field), the
     * {@link Poll} its poll returns, the boxed {@code Long} inside, and the parent's array of its
     * ten handles (as {@link SkynetTask} has). No executor bookkeeping beyond the floor's. The row
     * measures how much of the "within 2× of the floor" budget those objects use up on their own.
     */
    static final class ContractNode extends Machine {
        private final ContractNode parent;
        private final Handle handle;
        private final long num;
        private final int size;
        private Handle[] children;
        private int state;
        private int pending;
        long sum;

        ContractNode(ContractNode parent, Handle handle, long num, int size) {
            this.parent = parent;
            this.handle = handle;
            this.num = num;
            this.size = size;
        }

        /** Where a child's outcome goes: what a join handle holds. */
        static final class Handle {
            Poll<Long> outcome;
        }

        @Override
        protected void resume(RunQueue q) {
            switch (state) {
                case 0:
                    if (size == 1) {
                        finish(num, q);
                        return;
                    }
                    int child = size / 10;
                    pending = 10;
                    state = 1;
                    children = new Handle[10];
                    for (int i = 0; i < 10; i++) {
                        Handle h = new Handle();
                        children[i] = h;
                        q.wake(new ContractNode(this, h, num + (long) i * child, child));
                    }
                    return;
                case 1: // the last child has reported: read the ten outcomes, as awaits would
                    long total = 0;
                    for (Handle h : children) {
                        total += h.outcome.get();
                    }
                    children = null;
                    finish(total, q);
                    return;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }

        private void finish(long value, RunQueue q) {
            state = 2;
            if (parent == null) {
                sum = value;
            } else {
                handle.outcome = Poll.ready(value);
                if (--parent.pending == 0) {
                    q.wake(parent);
                }
            }
        }
    }

    @Benchmark
    public long handwrittenContractObjects(Floor s, Tree tree) {
        ContractNode root = new ContractNode(null, null, 0, tree.leaves);
        s.queue.wake(root);
        s.queue.runUntilIdle();
        tree.lastSum = root.sum;
        return root.sum;
    }

    /**
     * What a node would allocate if a machine were its own task, join handle and ready {@link Poll}
     * (as a Rust task is one allocation holding its future and its output): the node, grown by the
     * fields such a task needs (its result, a waker slot, an id), the boxed {@code Long} result,
     * and the parent's array of its ten children. The contract does not allow this today
     * ({@code Poll} is a final class); the row measures what such a change would leave of the 2×
     * budget for the executor's own work.
     */
    static final class SelfTaskNode extends Machine {
        private final SelfTaskNode parent;
        private final long num;
        private final int size;
        private SelfTaskNode[] children;
        private Object result;
        @SuppressWarnings("unused") // the space a task's waker slot and id take
        private Object waker;
        @SuppressWarnings("unused")
        private int id;
        private int state;
        private int pending;
        long sum;

        SelfTaskNode(SelfTaskNode parent, long num, int size) {
            this.parent = parent;
            this.num = num;
            this.size = size;
        }

        @Override
        protected void resume(RunQueue q) {
            switch (state) {
                case 0:
                    if (size == 1) {
                        finish(num, q);
                        return;
                    }
                    int child = size / 10;
                    pending = 10;
                    state = 1;
                    children = new SelfTaskNode[10];
                    for (int i = 0; i < 10; i++) {
                        children[i] = new SelfTaskNode(this, num + (long) i * child, child);
                        q.wake(children[i]);
                    }
                    return;
                case 1: // the last child has reported: read the ten results, as awaits would
                    long total = 0;
                    for (SelfTaskNode c : children) {
                        total += (Long) c.result;
                    }
                    children = null;
                    finish(total, q);
                    return;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }

        private void finish(long value, RunQueue q) {
            state = 2;
            if (parent == null) {
                sum = value;
            } else {
                result = value;
                if (--parent.pending == 0) {
                    q.wake(parent);
                }
            }
        }
    }

    @Benchmark
    public long handwrittenSelfTask(Floor s, Tree tree) {
        SelfTaskNode root = new SelfTaskNode(null, 0, tree.leaves);
        s.queue.wake(root);
        s.queue.runUntilIdle();
        tree.lastSum = root.sum;
        return root.sum;
    }

    // ---------------------------------------------------------------- CompletableFuture

    /** {@code CompletableFuture.supplyAsync} on a named two-thread {@link ForkJoinPool}. */
    @State(Scope.Thread)
    public static class Cf {
        ForkJoinPool pool;

        int threads() {
            return 2;
        }

        @Setup
        public void start() {
            pool = NamedThreads.forkJoin("cf-skynet", threads());
        }

        @TearDown
        public void stop() throws InterruptedException {
            NamedThreads.shutdown(pool);
        }
    }

    /**
     * {@link Cf} on a one-thread pool: like for like with {@code LocalExecutor}, which runs the
     * whole tree on one thread too.
     */
    @State(Scope.Thread)
    public static class CfOneThread extends Cf {
        @Override
        int threads() {
            return 1;
        }
    }

    static CompletableFuture<Long> cfSkynet(Executor executor, long num, int size) {
        if (size == 1) {
            return CompletableFuture.completedFuture(num);
        }
        int child = size / 10;
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] kids = new CompletableFuture[10];
        for (int i = 0; i < 10; i++) {
            long n = num + (long) i * child;
            kids[i] = CompletableFuture.supplyAsync(() -> cfSkynet(executor, n, child), executor)
                    .thenCompose(f -> f);
        }
        return CompletableFuture.allOf(kids).thenApply(ignored -> {
            long sum = 0;
            for (CompletableFuture<Long> kid : kids) {
                sum += kid.join();
            }
            return sum;
        });
    }

    @Benchmark
    public long completableFuture(Cf s, Tree tree) {
        long sum = CompletableFuture.supplyAsync(() -> cfSkynet(s.pool, 0, tree.leaves), s.pool)
                .thenCompose(f -> f)
                .join();
        tree.lastSum = sum;
        return sum;
    }

    /** {@link #completableFuture} on one thread (see {@link CfOneThread}). */
    @Benchmark
    public long completableFutureOneThread(CfOneThread s, Tree tree) {
        return completableFuture(s, tree);
    }

    // ---------------------------------------------------------------- virtual threads

    /** One virtual thread per node, joined by its parent (JDK 21+). */
    @State(Scope.Thread)
    public static class Vt {
        ThreadFactory factory;

        @Setup
        public void start() {
            factory = VirtualThreads.factory("vt-skynet-");
        }
    }

    static long vtSkynet(ThreadFactory factory, long num, int size) throws InterruptedException {
        if (size == 1) {
            return num;
        }
        int child = size / 10;
        long[] results = new long[10];
        Thread[] kids = new Thread[10];
        for (int i = 0; i < 10; i++) {
            int index = i;
            long n = num + (long) i * child;
            kids[i] = factory.newThread(() -> {
                try {
                    results[index] = vtSkynet(factory, n, child);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            kids[i].start();
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            kids[i].join();
            sum += results[i];
        }
        return sum;
    }

    @Benchmark
    public long virtualThreads(Vt s, Tree tree) throws Exception {
        long[] sum = new long[1];
        Thread root = s.factory.newThread(() -> {
            try {
                sum[0] = vtSkynet(s.factory, 0, tree.leaves);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        root.start();
        root.join();
        tree.lastSum = sum[0];
        return sum[0];
    }

    // ---------------------------------------------------------------- jawait

    /** {@link SkynetTask} machines on the single-thread executor. */
    @Benchmark
    public long localExecutor(Local s, Tree tree) {
        long sum = s.executor.blockOn(new SkynetTask(s.executor, 0, tree.leaves));
        tree.lastSum = sum;
        return sum;
    }

    /** The state of {@link #minimalTaskIdExecutor}: one executor, reused tree after tree. */
    /** baselines.md's hand-written machine: {@link SkynetTask} on {@link TinyRunQueue}. */
    @State(Scope.Thread)
    public static class Tiny {
        final TinyRunQueue queue = new TinyRunQueue();
    }

    /**
     * The hand-written machine of the "within 2×" target, as {@code baselines.md} defines it: a
     * hand-written {@code Future<Long>} (an {@code int state} and a {@code switch}:
     * {@link SkynetTask}, the same one the executor rows run) polled by a tiny single-thread run
     * queue. What the work costs under the contract with no executor around it.
     */
    @Benchmark
    public long handwrittenFuture(Tiny s, Tree tree) {
        long sum = s.queue.run(new SkynetTask(s.queue, 0, tree.leaves));
        tree.lastSum = sum;
        return sum;
    }

    /**
     * The {@code @Async} node on the same tiny run queue as {@link #handwrittenFuture}: the cost of
     * the generated machine over the hand-written one, apart from any executor. Not a jawait row
     * (the queue is the benchmark's); it tells how much of the {@code @Async} executor rows' gap to
     * their hand-lowered twins is the machine's own.
     */
    @Benchmark
    public long asyncOnTinyRunQueue(Tiny s, Tree tree) {
        long sum = s.queue.run(AsyncWorkloads.skynet(s.queue, 0, tree.leaves));
        tree.lastSum = sum;
        return sum;
    }

    @State(Scope.Thread)
    public static class Minimal {
        final MinimalTaskIdExecutor executor = new MinimalTaskIdExecutor();
    }

    /**
     * {@link SkynetTask} machines on a minimal executor of the task-ID strategy under the
     * contract ({@link MinimalTaskIdExecutor}: slab, generations, run states, a LIFO stack, join
     * handles; none of {@code LocalExecutor}'s other duties). Not a jawait row: a yardstick for
     * how much of {@code LocalExecutor}'s cost the strategy itself imposes.
     */
    @Benchmark
    public long minimalTaskIdExecutor(Minimal s, Tree tree) {
        long sum = s.executor.run(new SkynetTask(s.executor, 0, tree.leaves));
        tree.lastSum = sum;
        return sum;
    }

    /** {@link SkynetTask} machines on two workers. */
    @Benchmark
    public long workStealing(Ws s, Tree tree) {
        long sum = s.executor.blockOn(new SkynetTask(s.executor, 0, tree.leaves));
        tree.lastSum = sum;
        return sum;
    }

    /** The state of {@link #executorSpawner}: a named two-thread pool, as the CompletableFuture row's. */
    @State(Scope.Thread)
    public static class OnPool {
        ForkJoinPool pool;
        ExecutorSpawner spawner;

        @Setup
        public void start() {
            pool = NamedThreads.forkJoin("spawner-skynet", 2);
            spawner = ExecutorSpawner.on(pool);
        }

        @TearDown
        public void stop() throws InterruptedException {
            NamedThreads.shutdown(pool);
        }
    }

    /**
     * {@link SkynetTask} machines on {@link ExecutorSpawner} over a {@link ForkJoinPool} like the
     * {@code CompletableFuture} row's: jawait tasks on a pool the user already has, one submission
     * per poll.
     */
    @Benchmark
    public long executorSpawner(OnPool s, Tree tree) {
        long sum = Await.blockOn(s.spawner.spawn(new SkynetTask(s.spawner, 0, tree.leaves)));
        tree.lastSum = sum;
        return sum;
    }

    /** The node written with {@code @Async} / {@code await} ({@link AsyncWorkloads#skynet}). */
    @Benchmark
    public long localExecutorAsync(Local s, Tree tree) {
        long sum = s.executor.blockOn(AsyncWorkloads.skynet(s.executor, 0, tree.leaves));
        tree.lastSum = sum;
        return sum;
    }

    /** The {@code @Async} node on two workers. */
    @Benchmark
    public long workStealingAsync(Ws s, Tree tree) {
        long sum = s.executor.blockOn(AsyncWorkloads.skynet(s.executor, 0, tree.leaves));
        tree.lastSum = sum;
        return sum;
    }
}
