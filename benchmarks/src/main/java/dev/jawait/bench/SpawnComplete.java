package dev.jawait.bench;

import dev.jawait.Future;
import dev.jawait.bench.JawaitExecutors.Local;
import dev.jawait.bench.JawaitExecutors.Ws;
import dev.jawait.bench.floor.Machine;
import dev.jawait.bench.floor.RunQueue;
import dev.jawait.bench.jawait.EmptyFuture;
import dev.jawait.bench.jawait.SpawnAllAndJoin;
import dev.jawait.bench.support.NamedThreads;
import dev.jawait.bench.support.VirtualThreads;
import dev.jawait.executor.BlockOn;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Spawn + complete: start {@value #TASKS} empty tasks from inside the runtime, run them all to
 * completion. Score: ns per task (the async-task {@code task_run} / tokio {@code spawn_many_local}
 * analogue). Target for the single-thread executor: 100 ns.
 *
 * <p>Sampled per invocation ({@value #TASKS} operations) so that the median keeps nanosecond
 * resolution: JMH's own numbers are per invocation, {@code Report} divides them.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpawnComplete {
    /**
     * Tasks per invocation (tokio's {@code spawn_many} size): amortises the batch's fixed cost, such
     * as the two thread hand-offs of the {@code CompletableFuture} row.
     */
    public static final int TASKS = 10_000;

    /** The floor: a fresh machine per task on the single-thread run queue. */
    @State(Scope.Thread)
    public static class Floor {
        final RunQueue queue = new RunQueue(true);
        int completed;

        final class Empty extends Machine {
            @Override
            protected void resume(RunQueue q) {
                completed++;
            }
        }

        @TearDown(Level.Iteration)
        public void check() {
            Check.that(completed % TASKS == 0 && completed > 0, "floor completed " + completed);
        }
    }

    @Benchmark
    public void handwritten(Floor s) {
        RunQueue queue = s.queue;
        for (int i = 0; i < TASKS; i++) {
            queue.wake(s.new Empty());
        }
        queue.runUntilIdle();
    }

    /** {@code CompletableFuture.runAsync} on one named thread; the spawns run on that thread. */
    @State(Scope.Thread)
    public static class Cf {
        ExecutorService executor;

        @Setup
        public void start() {
            executor = NamedThreads.singleThread("cf-spawn");
        }

        @TearDown
        public void stop() throws InterruptedException {
            NamedThreads.shutdown(executor);
        }
    }

    private static final Runnable EMPTY = () -> {};

    @Benchmark
    public Object completableFuture(Cf s) {
        ExecutorService executor = s.executor;
        // Spawn from inside the executor, as the other rows do; FIFO, so the last one done = all done.
        return CompletableFuture.supplyAsync(() -> {
                    CompletableFuture<Void> last = null;
                    for (int i = 0; i < TASKS; i++) {
                        last = CompletableFuture.runAsync(EMPTY, executor);
                    }
                    return last;
                }, executor)
                .thenCompose(last -> last)
                .join();
    }

    /** One virtual thread per task on the default scheduler (JDK 21+). */
    @State(Scope.Thread)
    public static class Vt {
        ThreadFactory factory;
        final Thread[] threads = new Thread[TASKS];

        @Setup
        public void start() {
            factory = VirtualThreads.factory("vt-spawn-");
        }
    }

    @Benchmark
    public void virtualThreads(Vt s) throws InterruptedException {
        Thread[] threads = s.threads;
        for (int i = 0; i < TASKS; i++) {
            threads[i] = s.factory.newThread(EMPTY);
            threads[i].start();
        }
        for (int i = 0; i < TASKS; i++) {
            threads[i].join();
        }
    }

    /** The flag strategy runs one task per call: each {@code blockOn} is a spawn + complete. */
    @Benchmark
    public void blockOn() {
        for (int i = 0; i < TASKS; i++) {
            BlockOn.blockOn(new EmptyFuture());
        }
    }

    // ---------------------------------------------------------------- jawait

    private static final IntFunction<Future<?>> EMPTY_TASK = i -> new EmptyFuture();

    /** A main task spawns the empty tasks (local spawns), yields, then awaits every handle. */
    @Benchmark
    public int localExecutor(Local s) {
        return s.executor.blockOn(new SpawnAllAndJoin(s.executor, TASKS, EMPTY_TASK));
    }

    /** The same main task on a worker: spawns go to its local queue, the other worker steals. */
    @Benchmark
    public int workStealing(Ws s) {
        return s.executor.blockOn(new SpawnAllAndJoin(s.executor, TASKS, EMPTY_TASK));
    }
}
