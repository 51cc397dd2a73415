package dev.jawait.bench;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.bench.jawait.AsyncWorkloads;
import dev.jawait.bench.jawait.ReadyLoopMachine;
import dev.jawait.bench.kotlin.KotlinReady;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * An await of an already-complete future, {@value #STEPS} in a row, summing the values. Score: ns
 * per await; {@code -prof gc} shows bytes per await. Target (issue 3): 5 ns and 0 B. Nothing
 * suspends, so no executor is involved: each row is polled or run once on this thread.
 *
 * <p>Sampled per invocation ({@value #STEPS} operations) so that the median keeps nanosecond
 * resolution: JMH's own numbers are per invocation, {@code Report} divides them.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AwaitReady {
    /** Awaits per invocation. */
    public static final int STEPS = 1000;
    static final long EXPECTED = (long) STEPS * (STEPS - 1) / 2;

    /** The completed values, made once. */
    @State(Scope.Thread)
    public static class Values {
        final long[] plain = new long[STEPS];
        final Leaf[] leaves = new Leaf[STEPS];
        @SuppressWarnings("unchecked")
        final Future<Long>[] futures = new Future[STEPS];
        @SuppressWarnings("unchecked")
        final CompletableFuture<Long>[] stages = new CompletableFuture[STEPS];
        final Context context = Context.of(Waker.noop());

        public Values() {
            for (int i = 0; i < STEPS; i++) {
                plain[i] = i;
                leaves[i] = new Leaf(i);
                futures[i] = Future.ready((long) i);
                stages[i] = CompletableFuture.completedFuture((long) i);
            }
        }
    }

    /** The floor's completed leaf: a flag and a value, no {@code Poll} object. */
    static final class Leaf {
        final boolean done = true;
        final long value;

        Leaf(long value) {
            this.value = value;
        }
    }

    /** The floor: check each leaf's flag and read its value, in an {@code int state} loop. */
    @Benchmark
    public long handwritten(Values v) {
        long sum = 0;
        Leaf[] leaves = v.leaves;
        for (int i = 0; i < STEPS; i++) {
            Leaf leaf = leaves[i];
            if (!leaf.done) {
                throw new IllegalStateException("would suspend");
            }
            sum += leaf.value;
        }
        Check.that(sum == EXPECTED, "floor sum " + sum);
        return sum;
    }

    /** {@code thenCompose} on completed futures: how a CompletableFuture chain awaits. */
    @Benchmark
    public long completableFuture(Values v) {
        CompletableFuture<Long> sum = CompletableFuture.completedFuture(0L);
        CompletableFuture<Long>[] stages = v.stages;
        for (int i = 0; i < STEPS; i++) {
            CompletableFuture<Long> next = stages[i];
            sum = sum.thenCompose(acc -> next.thenApply(add(acc)));
        }
        long result = sum.join();
        Check.that(result == EXPECTED, "cf sum " + result);
        return result;
    }

    private static Function<Long, Long> add(long acc) {
        return value -> acc + value;
    }

    /** Kotlin: a suspend function that returns without suspending. */
    @Benchmark
    public long kotlin() {
        long sum = KotlinReady.run(STEPS);
        Check.that(sum == EXPECTED, "kotlin sum " + sum);
        return sum;
    }

    /** jawait: the processor's lowering of the loop, written by hand, polled once. */
    @Benchmark
    public long jawaitMachine(Values v) {
        Poll<Long> p = new ReadyLoopMachine(v.futures).poll(v.context);
        long sum = p.get();
        Check.that(sum == EXPECTED, "jawait sum " + sum);
        return sum;
    }

    /** The loop written with {@code @Async} / {@code await} ({@link AsyncWorkloads#readyLoop}), polled once. */
    @Benchmark
    public long jawaitAsync(Values v) {
        Poll<Long> p = AsyncWorkloads.readyLoop(v.futures).poll(v.context);
        long sum = p.get();
        Check.that(sum == EXPECTED, "@Async sum " + sum);
        return sum;
    }

    /**
     * The same with an indexed loop ({@link AsyncWorkloads#readyLoopIndexed}): separates the cost
     * of the await from the cost of the enhanced {@code for} over an array.
     */
    @Benchmark
    public long jawaitAsyncIndexed(Values v) {
        Poll<Long> p = AsyncWorkloads.readyLoopIndexed(v.futures).poll(v.context);
        long sum = p.get();
        Check.that(sum == EXPECTED, "@Async sum " + sum);
        return sum;
    }
}
