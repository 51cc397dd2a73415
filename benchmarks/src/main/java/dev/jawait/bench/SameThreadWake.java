package dev.jawait.bench;

import dev.jawait.bench.JawaitExecutors.Local;
import dev.jawait.bench.floor.Machine;
import dev.jawait.bench.floor.RunQueue;
import dev.jawait.bench.jawait.WakeDriver;
import dev.jawait.executor.WorkStealingExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Wake + re-poll on the same thread: a driver task wakes a sleeping task of the same executor
 * (as a local channel or timer would) and yields; the executor polls the sleeper, which suspends
 * again, then the driver. Each of the {@value #ROUNDS} rounds is two same-thread wakes and two
 * polls. Score: ns per wake + poll; {@code -prof gc} shows the bytes per wake. Target: 50 ns, 0 B
 * for the flag and task-ID strategies.
 *
 * <p>Virtual threads and {@code blockOn} have no row: neither can wake a task from the thread
 * that runs it except from inside the task itself, which is the yield of {@link YieldMany}.
 *
 * <p>Sampled per invocation ({@value #WAKES} operations) so that the median keeps nanosecond
 * resolution: JMH's own numbers are per invocation, {@code Report} divides them.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SameThreadWake {
    /** Rounds per invocation. */
    public static final int ROUNDS = 1000;
    /** Operations (wake + poll) per invocation. */
    public static final int WAKES = 2 * ROUNDS;

    /** The floor: the driver and the sleeper as machines on the single-thread run queue. */
    @State(Scope.Thread)
    public static class Floor {
        final RunQueue queue = new RunQueue(true);
    }

    static final class Sleeping extends Machine {
        long resumes;

        @Override
        protected void resume(RunQueue q) {
            resumes++;
        }
    }

    static final class Driver extends Machine {
        final Sleeping sleeper;
        int round;

        Driver(Sleeping sleeper) {
            this.sleeper = sleeper;
        }

        @Override
        protected void resume(RunQueue q) {
            if (round++ < ROUNDS) {
                q.wake(sleeper);
                q.yieldNow(this);
            }
        }
    }

    @Benchmark
    public long handwritten(Floor s) {
        Sleeping sleeper = new Sleeping();
        Driver driver = new Driver(sleeper);
        s.queue.wake(driver);
        s.queue.runUntilIdle();
        Check.that(sleeper.resumes == ROUNDS, "sleeper resumed " + sleeper.resumes + " times");
        return sleeper.resumes;
    }

    /**
     * {@code CompletableFuture} has no re-poll: its same-thread "wake" is completing a future whose
     * continuation then runs inline. A future is single-use, so each wake needs a new one.
     */
    @State(Scope.Thread)
    public static class Cf {
        long runs;
        final Runnable continuation = () -> runs++;
    }

    /** {@value #WAKES} completions, each resuming one continuation on this thread. */
    @Benchmark
    public long completableFuture(Cf s) {
        long before = s.runs;
        for (int i = 0; i < WAKES; i++) {
            CompletableFuture<Void> event = new CompletableFuture<>();
            event.thenRun(s.continuation);
            event.complete(null);
        }
        long resumed = s.runs - before;
        Check.that(resumed == WAKES, "continuations ran " + resumed + " times");
        return resumed;
    }

    // ---------------------------------------------------------------- jawait

    /** jawait's work-stealing executor (refcount wakers), one worker, like the other single-thread rows. */
    @State(Scope.Thread)
    public static class Ws {
        WorkStealingExecutor executor;

        @Setup
        public void start() {
            executor = WorkStealingExecutor.builder().workers(1).threadNamePrefix("ws-wake-").daemon(true).build();
        }

        @TearDown
        public void stop() throws InterruptedException {
            executor.close();
        }
    }

    /** The driver and the sleeper as tasks; every wake is on the executor thread. */
    @Benchmark
    public long localExecutor(Local s) {
        long polls = s.executor.blockOn(new WakeDriver(s.executor, ROUNDS));
        Check.that(polls == ROUNDS + 2, "sleeper polled " + polls + " times");
        return polls;
    }

    /** The same on the work-stealing executor's one worker (wakes from a worker use its LIFO slot). */
    @Benchmark
    public long workStealing(Ws s) {
        long polls = s.executor.blockOn(new WakeDriver(s.executor, ROUNDS));
        Check.that(polls == ROUNDS + 2, "sleeper polled " + polls + " times");
        return polls;
    }
}
