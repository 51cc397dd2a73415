package dev.jawait.bench;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.bench.floor.Machine;
import dev.jawait.bench.floor.RunQueue;
import dev.jawait.bench.jawait.Parked;
import dev.jawait.bench.support.Heap;
import dev.jawait.bench.support.VirtualThreads;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.task.Spawner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Retained heap per suspended task: suspend {@code tasks} (100,000) tasks on an event that never
 * comes, and divide the growth of the live heap (after full collections, serial collector) by their
 * number. The event sources' own registries (one reference per task) are allocated before the
 * first reading, so every row counts only what its tasks keep alive. Target: 100 bytes per task.
 *
 * <p>The result is the secondary metric {@code bytesPerTask}. JMH sums such counters over the
 * measurement iterations: the summary line is the per-iteration value times the sample count, and
 * {@code Report} divides it back. The primary score is only the time one measurement took
 * (collections included) and means nothing. Each iteration reads the heap after its setup and
 * collects again after releasing its tasks, so no iteration sees another's garbage.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsAppend = "-XX:+UseSerialGC")
public class RetainedHeap {

    /** How many tasks to suspend. */
    @State(Scope.Benchmark)
    public static class Size {
        @Param("100000")
        public int tasks;
    }

    /** The answer: live bytes per suspended task, reported by JMH next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Result {
        /** Live heap growth divided by the number of suspended tasks. */
        public double bytesPerTask;

        @Setup(Level.Iteration)
        public void reset() {
            bytesPerTask = 0;
        }

        void record(long before, long after, int tasks) {
            bytesPerTask = (double) (after - before) / tasks;
        }
    }

    // ---------------------------------------------------------------- hand-written floor

    /** The floor: machines that registered themselves with an event source and wait. */
    @State(Scope.Thread)
    public static class Floor {
        RunQueue queue;
        Machine[] registry;
        long before;

        @Setup(Level.Iteration)
        public void prepare(Size size) {
            queue = new RunQueue(true);
            registry = new Machine[size.tasks];
            before = Heap.usedAfterGc();
        }

        @TearDown(Level.Iteration)
        public void release() {
            for (Machine m : registry) {
                Check.that(m != null, "a floor task did not suspend");
                queue.wake(m);
            }
            queue.runUntilIdle();
            registry = null;
            queue = null;
            Heap.usedAfterGc();
        }
    }

    static final class Waiting extends Machine {
        private final Machine[] registry;
        private final int index;
        private int state;

        Waiting(Machine[] registry, int index) {
            this.registry = registry;
            this.index = index;
        }

        @Override
        protected void resume(RunQueue q) {
            switch (state) {
                case 0: // register with the event source and suspend
                    registry[index] = this;
                    state = 1;
                    return;
                case 1: // the event came
                    state = 2;
                    return;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }
    }

    @Benchmark
    public void handwritten(Floor s, Size size, Result result) {
        for (int i = 0; i < size.tasks; i++) {
            s.queue.wake(new Waiting(s.registry, i));
        }
        s.queue.runUntilIdle();
        result.record(s.before, Heap.usedAfterGc(), size.tasks);
    }

    // ---------------------------------------------------------------- CompletableFuture

    /** Each task is a continuation registered on a future the event source will complete. */
    @State(Scope.Thread)
    public static class Cf {
        CompletableFuture<?>[] registry;
        long before;

        @Setup(Level.Iteration)
        public void prepare(Size size) {
            registry = new CompletableFuture<?>[size.tasks];
            before = Heap.usedAfterGc();
        }

        @TearDown(Level.Iteration)
        public void release() {
            for (CompletableFuture<?> event : registry) {
                event.complete(null);
            }
            registry = null;
            Heap.usedAfterGc();
        }
    }

    private static final Function<Object, Object> CONTINUATION = v -> v;

    @Benchmark
    public void completableFuture(Cf s, Size size, Result result) {
        for (int i = 0; i < size.tasks; i++) {
            CompletableFuture<Object> event = new CompletableFuture<>();
            s.registry[i] = event;
            event.thenApply(CONTINUATION);
        }
        result.record(s.before, Heap.usedAfterGc(), size.tasks);
    }

    // ---------------------------------------------------------------- virtual threads

    /** Each task is a virtual thread parked until released (JDK 21+). */
    @State(Scope.Thread)
    public static class Vt {
        ThreadFactory factory;
        Thread[] registry;
        CountDownLatch parked;
        long before;
        volatile boolean released;
        final Runnable body = () -> {
            parked.countDown();
            while (!released) {
                LockSupport.park();
            }
        };

        @Setup(Level.Iteration)
        public void prepare(Size size) {
            factory = VirtualThreads.factory("vt-parked-");
            registry = new Thread[size.tasks];
            parked = new CountDownLatch(size.tasks);
            released = false;
            before = Heap.usedAfterGc();
        }

        @TearDown(Level.Iteration)
        public void release() throws InterruptedException {
            released = true;
            for (Thread t : registry) {
                LockSupport.unpark(t);
            }
            for (Thread t : registry) {
                t.join();
            }
            registry = null;
            Heap.usedAfterGc();
        }
    }

    @Benchmark
    public void virtualThreads(Vt s, Size size, Result result) throws InterruptedException {
        for (int i = 0; i < size.tasks; i++) {
            s.registry[i] = s.factory.newThread(s.body);
            s.registry[i].start();
        }
        s.parked.await();
        // Let the last ones reach park() and unmount, so their stacks are on the heap.
        Thread.sleep(100);
        result.record(s.before, Heap.usedAfterGc(), size.tasks);
    }

    // ---------------------------------------------------------------- jawait

    /**
     * A main task that spawns {@code count} {@link Parked} tasks, dropping their handles, and yields
     * until every one of them has suspended (left its waker in the registry).
     */
    public static final class SpawnParked implements Future<Void> {
        private final Spawner spawner;
        private final Waker[] registry;
        private boolean spawned;
        private int suspended;

        /** Spawns one {@link Parked} task per slot of {@code registry} on {@code spawner}. */
        public SpawnParked(Spawner spawner, Waker[] registry) {
            this.spawner = spawner;
            this.registry = registry;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (!spawned) {
                spawned = true;
                for (int i = 0; i < registry.length; i++) {
                    spawner.spawn(new Parked(registry, i));
                }
            }
            while (suspended < registry.length && registry[suspended] != null) {
                suspended++;
            }
            if (suspended < registry.length) {
                cx.waker().wakeByRef();
                return Poll.pending();
            }
            return Poll.ready(null);
        }
    }

    /** jawait's single-thread executor; its tasks stay suspended in it after {@code blockOn}. */
    @State(Scope.Thread)
    public static class Local {
        LocalExecutor executor;
        Waker[] registry;
        long before;

        @Setup(Level.Iteration)
        public void prepare(Size size) {
            executor = LocalExecutor.create();
            registry = new Waker[size.tasks];
            before = Heap.usedAfterGc();
        }

        @TearDown(Level.Iteration)
        public void release() {
            for (Waker w : registry) {
                Check.that(w != null, "a task did not suspend");
            }
            executor.close(); // cancels them all
            executor = null;
            registry = null;
            Heap.usedAfterGc();
        }
    }

    @Benchmark
    public void localExecutor(Local s, Size size, Result result) {
        s.executor.blockOn(new SpawnParked(s.executor, s.registry));
        result.record(s.before, Heap.usedAfterGc(), size.tasks);
    }

    /** jawait's work-stealing executor, two workers. */
    @State(Scope.Thread)
    public static class Ws {
        WorkStealingExecutor executor;
        Waker[] registry;
        long before;

        @Setup(Level.Iteration)
        public void prepare(Size size) {
            executor = WorkStealingExecutor.builder().workers(2).threadNamePrefix("ws-parked-").build();
            registry = new Waker[size.tasks];
            before = Heap.usedAfterGc();
        }

        @TearDown(Level.Iteration)
        public void release() {
            for (Waker w : registry) {
                Check.that(w != null, "a task did not suspend");
            }
            executor.close();
            executor = null;
            registry = null;
            Heap.usedAfterGc();
        }
    }

    @Benchmark
    public void workStealing(Ws s, Size size, Result result) {
        s.executor.blockOn(new SpawnParked(s.executor, s.registry));
        result.record(s.before, Heap.usedAfterGc(), size.tasks);
    }
}
