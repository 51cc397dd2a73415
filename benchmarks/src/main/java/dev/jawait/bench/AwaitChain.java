package dev.jawait.bench;

import dev.jawait.bench.floor.Machine;
import dev.jawait.bench.floor.RunQueue;
import dev.jawait.bench.jawait.AsyncWorkloads;
import dev.jawait.bench.jawait.ChainMachine;
import dev.jawait.bench.kotlin.KotlinChain;
import dev.jawait.bench.support.NamedThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A chain of {@value #STEPS} sequential awaits that really suspend: each step waits for a value that
 * is produced only after going back through the executor's queue, then adds it to a running sum.
 * Score: ns per step (one suspend + one resume), single thread everywhere.
 *
 * <p>Sampled per invocation ({@value #STEPS} operations) so that the median keeps nanosecond
 * resolution: JMH's own numbers are per invocation, {@code Report} divides them.
 *
 * <p>The heap is fixed and pre-touched: on the shared test machine, rows that allocate (every row
 * but the flat floor) otherwise spent whole iterations at 200–300 ns per step, page-faulting on
 * heap memory touched for the first time (a standalone loop showed the same episodes, and they
 * vanished with {@code -XX:+AlwaysPreTouch}).
 */
@BenchmarkMode(Mode.SampleTime)
@Fork(jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AwaitChain {
    /** Steps per chain. */
    public static final int STEPS = 1000;
    /** The sum of the steps' values {@code 0 .. STEPS-1}. */
    public static final long EXPECTED = (long) STEPS * (STEPS - 1) / 2;

    /**
     * Every row's last step: fails the row unless {@code sum} is {@link #EXPECTED} (a row with a
     * wrong answer must not report a time), else returns it. {@code row} names the row in the
     * failure ("{@code <row> sum <sum>}").
     */
    static long checkedSum(String row, long sum) {
        Check.that(sum == EXPECTED, row + " sum " + sum);
        return sum;
    }

    /** The floor's single-thread run queue. */
    @State(Scope.Thread)
    public static class Floor {
        final RunQueue queue = new RunQueue(true);
    }

    /**
     * The floor for the workload every other row runs: the chain calls a step, a coroutine of its
     * own that suspends once (re-queues the task) and then answers its index. The step's frame is
     * an object per call, as a Kotlin continuation or an {@code @Async} machine is, but it hands
     * its value over unboxed and needs no {@code Future}, {@code Poll} or waker.
     */
    static final class NestedChain extends Machine {
        private int state;
        private int step;
        private Step child;
        long sum;

        @Override
        protected void resume(RunQueue q) {
            for (;;) {
                switch (state) {
                    case 0: // sum += await(step(step))
                        if (step == STEPS) {
                            state = 2;
                            return;
                        }
                        child = new Step(step);
                        state = 1;
                        // fall through
                    case 1:
                        if (!child.resume(this, q)) {
                            return;
                        }
                        sum += child.value;
                        child = null;
                        step++;
                        state = 0;
                        break;
                    default:
                        return;
                }
            }
        }
    }

    /** A step's frame: suspends once, then has its value. */
    static final class Step {
        final long value;
        private boolean yielded;

        Step(int i) {
            this.value = i;
        }

        /** Returns whether the value is ready; the first call re-queues {@code task} instead. */
        boolean resume(Machine task, RunQueue q) {
            if (!yielded) {
                yielded = true;
                q.yieldNow(task);
                return false;
            }
            return true;
        }
    }

    /**
     * The floor of the rows: the chain and its steps written by hand on the floor's run queue
     * ({@link NestedChain}). Every row makes one call per step whose callee suspends.
     */
    @Benchmark
    public long handwritten(Floor s) {
        NestedChain chain = new NestedChain();
        s.queue.wake(chain);
        s.queue.runUntilIdle();
        return checkedSum("floor", chain.sum);
    }

    /**
     * A flatter workload, kept for comparison with session 1's floor: one machine that yields
     * {@value #STEPS} times itself, with no call (and no frame) per step.
     */
    static final class Chain extends Machine {
        private int state;
        private int step;
        long sum;

        @Override
        protected void resume(RunQueue q) {
            for (;;) {
                switch (state) {
                    case 0: // await step `step`: suspend until the queue comes back to us
                        if (step == STEPS) {
                            state = 2;
                            return;
                        }
                        state = 1;
                        q.yieldNow(this);
                        return;
                    case 1: // resumed with the step's value
                        sum += step;
                        step++;
                        state = 0;
                        break;
                    default:
                        return;
                }
            }
        }
    }

    @Benchmark
    public long handwrittenFlat(Floor s) {
        Chain chain = new Chain();
        s.queue.wake(chain);
        s.queue.runUntilIdle();
        return checkedSum("floor", chain.sum);
    }

    /** {@code thenCompose} on a named single-thread executor; each step is a {@code supplyAsync}. */
    @State(Scope.Thread)
    public static class Cf {
        ExecutorService executor;

        @Setup
        public void start() {
            executor = NamedThreads.singleThread("cf-chain");
        }

        @TearDown
        public void stop() throws InterruptedException {
            NamedThreads.shutdown(executor);
        }
    }

    static CompletableFuture<Long> cfChain(Executor executor, int step, long sum) {
        if (step == STEPS) {
            return CompletableFuture.completedFuture(sum);
        }
        return CompletableFuture.supplyAsync(() -> (long) step, executor)
                .thenCompose(value -> cfChain(executor, step + 1, sum + value));
    }

    @Benchmark
    public long completableFuture(Cf s) {
        long sum = CompletableFuture.supplyAsync(() -> cfChain(s.executor, 0, 0), s.executor)
                .thenCompose(f -> f)
                .join();
        return checkedSum("cf", sum);
    }

    /** Kotlin suspend functions under {@code runBlocking} (its event loop is the calling thread). */
    @Benchmark
    public long kotlin() {
        return checkedSum("kotlin", KotlinChain.run(STEPS));
    }

    /**
     * Kotlin suspend functions on {@code Dispatchers.Default} (a multi-thread work-stealing pool):
     * the configuration to compare with jawait's work-stealing executor.
     */
    @Benchmark
    public long kotlinDefault() {
        return checkedSum("kotlin (Default)", KotlinChain.runOnDefault(STEPS));
    }

    /**
     * The chain as the processor would lower it ({@link ChainMachine}), on the single-thread
     * executor. Stands in for the {@code @Async} row until the processor compiles it from source.
     */
    @Benchmark
    public long localExecutorMachine(JawaitExecutors.Local s) {
        return checkedSum("jawait", s.executor.blockOn(new ChainMachine(STEPS)));
    }

    /** The same chain written with {@code @Async} / {@code await} ({@link AsyncWorkloads#chain}). */
    @Benchmark
    public long localExecutorAsync(JawaitExecutors.Local s) {
        return checkedSum("@Async", s.executor.blockOn(AsyncWorkloads.chain(STEPS)));
    }

    /** The hand-lowered chain on the work-stealing executor (two workers), awaited from this thread. */
    @Benchmark
    public long workStealingMachine(JawaitExecutors.Ws s) {
        return checkedSum("jawait", s.executor.blockOn(new ChainMachine(STEPS)));
    }

    /** The {@code @Async} chain on the work-stealing executor (two workers), awaited from this thread. */
    @Benchmark
    public long workStealingAsync(JawaitExecutors.Ws s) {
        return checkedSum("@Async", s.executor.blockOn(AsyncWorkloads.chain(STEPS)));
    }
}
