package dev.jawait.bench;

import dev.jawait.bench.floor.RemoteRunQueue;
import dev.jawait.bench.jawait.RemoteSleeper;
import dev.jawait.bench.support.NamedThreads;
import dev.jawait.bench.support.Spin;
import dev.jawait.bench.support.VirtualThreads;
import dev.jawait.executor.BlockOn;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.task.JoinHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Wake + re-poll across threads: the benchmark thread wakes a task suspended on another thread and
 * spins until that thread has polled it again. Score: ns from the wake to the re-poll being seen,
 * which includes unparking the idle executor thread; {@value #WAKES} such round trips per
 * invocation (JMH's numbers are per invocation; {@code Report} divides). On a shared 2-core
 * machine this scenario is the noisiest of all.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CrossThreadWake {
    /** Wakes per invocation. */
    public static final int WAKES = 100;

    /** The floor: {@link RemoteRunQueue}, one atomic swap + one CAS + unpark per wake. */
    @State(Scope.Thread)
    public static class Floor {
        RemoteRunQueue queue;
        final Counting task = new Counting();
        final LongSupplier resumes = () -> task.resumes;

        static final class Counting extends RemoteRunQueue.Task {
            volatile long resumes;

            @Override
            protected void resume() {
                resumes++;
            }
        }

        @Setup
        public void start() {
            queue = new RemoteRunQueue("floor-owner");
        }

        @TearDown
        public void stop() throws InterruptedException {
            queue.close();
        }
    }

    @Benchmark
    public long handwritten(Floor s) {
        long seen = s.task.resumes;
        for (int i = 0; i < WAKES; i++) {
            s.queue.wake(s.task);
            seen = Spin.untilChanged(s.resumes, seen);
        }
        return seen;
    }

    /** Completing a future whose continuation runs on a named single-thread executor. */
    @State(Scope.Thread)
    public static class Cf {
        ExecutorService executor;
        volatile long runs;
        final Runnable continuation = () -> runs++;
        final LongSupplier count = () -> runs;

        @Setup
        public void start() {
            executor = NamedThreads.singleThread("cf-wake");
        }

        @TearDown
        public void stop() throws InterruptedException {
            NamedThreads.shutdown(executor);
        }
    }

    @Benchmark
    public long completableFuture(Cf s) {
        long seen = s.runs;
        for (int i = 0; i < WAKES; i++) {
            CompletableFuture<Void> event = new CompletableFuture<>();
            event.thenRunAsync(s.continuation, s.executor);
            event.complete(null);
            seen = Spin.untilChanged(s.count, seen);
        }
        return seen;
    }

    /** A virtual thread parked in a loop; the wake is {@code LockSupport.unpark}. */
    @State(Scope.Thread)
    public static class Vt {
        Thread thread;
        volatile long runs;
        volatile boolean stop;
        final LongSupplier count = () -> runs;

        @Setup
        public void start() {
            thread = VirtualThreads.factory("vt-wake-").newThread(() -> {
                while (!stop) {
                    LockSupport.park();
                    runs++;
                }
            });
            thread.start();
        }

        @TearDown
        public void stop() throws InterruptedException {
            stop = true;
            LockSupport.unpark(thread);
            thread.join();
        }
    }

    @Benchmark
    public long virtualThreads(Vt s) {
        long seen = s.runs;
        for (int i = 0; i < WAKES; i++) {
            LockSupport.unpark(s.thread);
            seen = Spin.untilChanged(s.count, seen);
        }
        return seen;
    }

    /**
     * The state of the rows whose task waits on a {@link RemoteSleeper} on a thread of its own; they
     * differ only in what runs that thread, so each row's body is {@link #wakeRoundTrips()}.
     */
    public abstract static class RemoteTask {
        final RemoteSleeper task = new RemoteSleeper();
        final LongSupplier polls = task::polls;

        /** Spins until the task's first poll, which registered the waker that the wakes use. */
        final void awaitFirstPoll() {
            Spin.untilChanged(polls, 0);
        }

        /**
         * The measured work: {@value CrossThreadWake#WAKES} times, wakes the task and spins until
         * its re-poll is seen. Returns the last poll count seen.
         */
        final long wakeRoundTrips() {
            RemoteSleeper task = this.task;
            long seen = task.polls();
            for (int i = 0; i < WAKES; i++) {
                task.wake();
                seen = Spin.untilChanged(polls, seen);
            }
            return seen;
        }
    }

    /** The flag strategy: a platform thread in {@code blockOn}, parked between polls. */
    @State(Scope.Thread)
    public static class Flag extends RemoteTask {
        Thread thread;

        @Setup
        public void start() {
            thread = new Thread(() -> BlockOn.blockOn(task), "blockon-wake");
            thread.setDaemon(true);
            thread.start();
            awaitFirstPoll();
        }

        @TearDown
        public void stop() throws InterruptedException {
            task.open();
            thread.join();
        }
    }

    @Benchmark
    public long blockOn(Flag s) {
        return s.wakeRoundTrips();
    }

    // ---------------------------------------------------------------- jawait

    /**
     * A {@link RemoteTask} spawned on one of jawait's executors, which polls it on a thread the
     * executor owns.
     */
    @State(Scope.Thread)
    public abstract static class Spawned extends RemoteTask {
        JoinHandle<Void> handle;

        /** Starts the executor and spawns {@link #task} on it. */
        abstract JoinHandle<Void> startAndSpawn();

        /** Waits for {@link #handle}'s task, which has been opened, then closes the executor. */
        abstract void joinAndClose();

        @Setup
        public void start() {
            handle = startAndSpawn();
            awaitFirstPoll();
        }

        @TearDown
        public void stop() {
            task.open();
            joinAndClose();
        }
    }

    /** jawait's single-thread executor on its own thread; the task waits on a {@link RemoteSleeper}. */
    @State(Scope.Thread)
    public static class Local extends Spawned {
        LocalExecutor executor;

        @Override
        JoinHandle<Void> startAndSpawn() {
            executor = LocalExecutor.startOnNewThread("local-wake");
            return executor.spawn(task);
        }

        @Override
        void joinAndClose() {
            executor.blockOn(handle);
            executor.close();
        }
    }

    @Benchmark
    public long localExecutor(Local s) {
        return s.wakeRoundTrips();
    }

    /** jawait's work-stealing executor with one worker; a foreign wake goes through its inject queue. */
    @State(Scope.Thread)
    public static class Ws extends Spawned {
        WorkStealingExecutor executor;

        @Override
        JoinHandle<Void> startAndSpawn() {
            executor = WorkStealingExecutor.builder().workers(1).threadNamePrefix("ws-wake-").build();
            return executor.spawn(task);
        }

        @Override
        void joinAndClose() {
            BlockOn.blockOn(handle);
            executor.close();
        }
    }

    @Benchmark
    public long workStealing(Ws s) {
        return s.wakeRoundTrips();
    }
}
