package dev.jawait.bench;

import dev.jawait.Future;
import dev.jawait.bench.JawaitExecutors.Local;
import dev.jawait.bench.JawaitExecutors.Ws;
import dev.jawait.bench.floor.Machine;
import dev.jawait.bench.floor.RunQueue;
import dev.jawait.bench.jawait.SpawnAllAndJoin;
import dev.jawait.bench.jawait.Yielder;
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
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Yield-many (tokio's {@code yield_many}): {@value #TASKS} tasks each yield {@value #YIELDS} times;
 * a yield wakes the task from inside its own poll and puts it behind the other ready tasks. Score:
 * ns per yield (one self-wake + one re-poll).
 *
 * <p>Sampled per invocation ({@value #TOTAL} operations) so that the median keeps nanosecond
 * resolution: JMH's own numbers are per invocation, {@code Report} divides them.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class YieldMany {
    /** Concurrent tasks. */
    public static final int TASKS = 200;
    /** Yields per task. */
    public static final int YIELDS = 1000;
    /** Operations (yields) per invocation. */
    public static final int TOTAL = TASKS * YIELDS;

    /** The floor: machines that re-queue themselves at the back of the single-thread run queue. */
    @State(Scope.Thread)
    public static class Floor {
        final RunQueue queue = new RunQueue(true);
    }

    static final class YieldingMachine extends Machine {
        int left = YIELDS;
        int[] finished;

        @Override
        protected void resume(RunQueue q) {
            if (left-- > 0) {
                q.yieldNow(this);
            } else {
                finished[0]++;
            }
        }
    }

    @Benchmark
    public int handwritten(Floor s) {
        int[] finished = new int[1];
        for (int i = 0; i < TASKS; i++) {
            YieldingMachine m = new YieldingMachine();
            m.finished = finished;
            s.queue.wake(m);
        }
        s.queue.runUntilIdle();
        Check.that(finished[0] == TASKS, "floor finished " + finished[0]);
        return finished[0];
    }

    /** A yield is {@code CompletableFuture.runAsync(rest, executor)} on a named single thread. */
    @State(Scope.Thread)
    public static class Cf {
        ExecutorService executor;

        @Setup
        public void start() {
            executor = NamedThreads.singleThread("cf-yield");
        }

        @TearDown
        public void stop() throws InterruptedException {
            NamedThreads.shutdown(executor);
        }
    }

    /** One task: runs, then resubmits itself until its yields are used up. Executor-confined. */
    static final class CfYielder implements Runnable {
        final ExecutorService executor;
        final int[] finished;
        final CompletableFuture<Void> allDone;
        int left = YIELDS;

        CfYielder(ExecutorService executor, int[] finished, CompletableFuture<Void> allDone) {
            this.executor = executor;
            this.finished = finished;
            this.allDone = allDone;
        }

        @Override
        public void run() {
            if (left-- > 0) {
                CompletableFuture.runAsync(this, executor);
            } else if (++finished[0] == TASKS) {
                allDone.complete(null);
            }
        }
    }

    @Benchmark
    public int completableFuture(Cf s) {
        int[] finished = new int[1];
        CompletableFuture<Void> allDone = new CompletableFuture<>();
        s.executor.execute(() -> {
            for (int i = 0; i < TASKS; i++) {
                CompletableFuture.runAsync(new CfYielder(s.executor, finished, allDone), s.executor);
            }
        });
        allDone.join();
        return finished[0];
    }

    /** Virtual threads calling {@code Thread.yield()} on the default scheduler. */
    @State(Scope.Thread)
    public static class Vt {
        ThreadFactory factory;
        final Thread[] threads = new Thread[TASKS];

        @Setup
        public void start() {
            factory = VirtualThreads.factory("vt-yield-");
        }
    }

    private static final Runnable VT_BODY = () -> {
        for (int i = 0; i < YIELDS; i++) {
            Thread.yield();
        }
    };

    @Benchmark
    public void virtualThreads(Vt s) throws InterruptedException {
        for (int i = 0; i < TASKS; i++) {
            s.threads[i] = s.factory.newThread(VT_BODY);
            s.threads[i].start();
        }
        for (int i = 0; i < TASKS; i++) {
            s.threads[i].join();
        }
    }

    /**
     * The flag strategy drives one task per thread, so its {@value #TASKS} tasks run one after
     * another; each yield is a flag set and cleared on the same thread, with no park.
     */
    @Benchmark
    public void blockOn() {
        for (int i = 0; i < TASKS; i++) {
            BlockOn.blockOn(new Yielder(YIELDS));
        }
    }

    // ---------------------------------------------------------------- jawait

    private static final IntFunction<Future<?>> YIELDER = i -> new Yielder(YIELDS);

    /** A main task spawns the yielders and awaits them; a self-wake goes to the back of the queue. */
    @Benchmark
    public int localExecutor(Local s) {
        return s.executor.blockOn(new SpawnAllAndJoin(s.executor, TASKS, YIELDER));
    }

    /** The same on two workers. */
    @Benchmark
    public int workStealing(Ws s) {
        return s.executor.blockOn(new SpawnAllAndJoin(s.executor, TASKS, YIELDER));
    }
}
