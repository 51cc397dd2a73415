package dev.jawait.bench;

import dev.jawait.bench.JawaitExecutors.Local;
import dev.jawait.bench.JawaitExecutors.Ws;
import dev.jawait.bench.floor.Machine;
import dev.jawait.bench.floor.RunQueue;
import dev.jawait.bench.jawait.AsyncWorkloads;
import dev.jawait.bench.jawait.LocalSlot;
import dev.jawait.bench.jawait.PingPongTasks;
import dev.jawait.bench.jawait.SharedSlot;
import dev.jawait.bench.support.NamedThreads;
import dev.jawait.bench.support.VirtualThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
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
 * Ping-pong: task A sends a number to task B, B sends it back plus one, {@value #ROUNDS} times.
 * Each round trip is two wakes and two polls. Score: ns per round trip (target: 60 ns on the
 * single-thread executor). Each invocation starts both tasks, so the spawn cost is spread over the
 * rounds.
 *
 * <p>Sampled per invocation ({@value #ROUNDS} operations) so that the median keeps nanosecond
 * resolution: JMH's own numbers are per invocation, {@code Report} divides them.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PingPong {
    /** Round trips per invocation. */
    public static final int ROUNDS = 1000;

    /** The floor: two machines and two plain one-value slots on the single-thread run queue. */
    @State(Scope.Thread)
    public static class Floor {
        final RunQueue queue = new RunQueue(true);
    }

    /** The two machines of one game and the slots between them. */
    static final class FloorGame {
        long toB;
        boolean hasToB;
        long toA;
        boolean hasToA;
        final Pinger a = new Pinger();
        final Ponger b = new Ponger();

        final class Pinger extends Machine {
            int state;
            int round;
            long result = -1;

            @Override
            protected void resume(RunQueue q) {
                for (;;) {
                    switch (state) {
                        case 0: // send
                            toB = round;
                            hasToB = true;
                            q.wake(b);
                            state = 1;
                            return;
                        case 1: // receive
                            if (!hasToA) {
                                return;
                            }
                            hasToA = false;
                            long reply = toA;
                            Check.that(reply == round + 1, "wrong reply " + reply);
                            if (++round == ROUNDS) {
                                result = reply;
                                state = 2;
                                q.wake(b); // let B see the end
                                return;
                            }
                            state = 0;
                            break;
                        default:
                            return;
                    }
                }
            }
        }

        final class Ponger extends Machine {
            int served;

            @Override
            protected void resume(RunQueue q) {
                if (hasToB) {
                    hasToB = false;
                    toA = toB + 1;
                    hasToA = true;
                    served++;
                    q.wake(a);
                }
            }
        }
    }

    @Benchmark
    public long handwritten(Floor s) {
        FloorGame game = new FloorGame();
        s.queue.wake(game.a);
        s.queue.wake(game.b);
        s.queue.runUntilIdle();
        Check.that(game.a.result == ROUNDS && game.b.served == ROUNDS, "floor game unfinished");
        return game.a.result;
    }

    /**
     * {@code CompletableFuture}: each message is a future completed by the sender whose continuation
     * (the receiver) runs on a named single-thread executor.
     */
    @State(Scope.Thread)
    public static class Cf {
        ExecutorService executor;

        @Setup
        public void start() {
            executor = NamedThreads.singleThread("cf-pingpong");
        }

        @TearDown
        public void stop() throws InterruptedException {
            NamedThreads.shutdown(executor);
        }
    }

    /** A's side of one round: send {@code value} to B, continue with B's reply. */
    private static void cfRound(ExecutorService executor, int round, long value, CompletableFuture<Long> done) {
        if (round == ROUNDS) {
            done.complete(value);
            return;
        }
        CompletableFuture<Long> ping = new CompletableFuture<>();
        CompletableFuture<Long> pong = new CompletableFuture<>();
        ping.thenAcceptAsync(x -> pong.complete(x + 1), executor); // B
        pong.thenAcceptAsync(y -> cfRound(executor, round + 1, y, done), executor); // A again
        ping.complete(value);
    }

    @Benchmark
    public long completableFuture(Cf s) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        s.executor.execute(() -> cfRound(s.executor, 0, 0, done));
        long result = done.join();
        Check.that(result == ROUNDS, "cf result " + result);
        return result;
    }

    /** Two virtual threads and two {@link SynchronousQueue}s, the blocking-style equivalent. */
    @State(Scope.Thread)
    public static class Vt {
        ThreadFactory factory;

        @Setup
        public void start() {
            factory = VirtualThreads.factory("vt-pingpong-");
        }
    }

    @Benchmark
    public long virtualThreads(Vt s) throws InterruptedException {
        SynchronousQueue<Long> toB = new SynchronousQueue<>();
        SynchronousQueue<Long> toA = new SynchronousQueue<>();
        long[] result = new long[1];
        Thread a = s.factory.newThread(() -> {
            try {
                long v = 0;
                for (int i = 0; i < ROUNDS; i++) {
                    toB.put(v);
                    v = toA.take();
                }
                result[0] = v;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread b = s.factory.newThread(() -> {
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    toA.put(toB.take() + 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        a.start();
        b.start();
        a.join();
        b.join();
        Check.that(result[0] == ROUNDS, "vt result " + result[0]);
        return result[0];
    }

    // ---------------------------------------------------------------- jawait

    /** Two hand-written machines and two plain-field slots on the single-thread executor. */
    @Benchmark
    public long localExecutor(Local s) {
        long hits = s.executor.blockOn(PingPongTasks.pinger(s.executor, ROUNDS, LocalSlot::new));
        Check.that(hits == ROUNDS, "hits " + hits);
        return hits;
    }

    /** The same machines with atomic slots on the work-stealing executor. */
    @Benchmark
    public long workStealing(Ws s) {
        long hits = s.executor.blockOn(PingPongTasks.pinger(s.executor, ROUNDS, SharedSlot::new));
        Check.that(hits == ROUNDS, "hits " + hits);
        return hits;
    }

    /** The two tasks written with {@code @Async} / {@code await}, plain slots, single thread. */
    @Benchmark
    public long localExecutorAsync(Local s) {
        long hits = s.executor.blockOn(
                AsyncWorkloads.pinger(s.executor, ROUNDS, new LocalSlot<>(), new LocalSlot<>()));
        Check.that(hits == ROUNDS, "hits " + hits);
        return hits;
    }

    /** The {@code @Async} tasks with atomic slots on two workers. */
    @Benchmark
    public long workStealingAsync(Ws s) {
        long hits = s.executor.blockOn(
                AsyncWorkloads.pinger(s.executor, ROUNDS, new SharedSlot<>(), new SharedSlot<>()));
        Check.that(hits == ROUNDS, "hits " + hits);
        return hits;
    }

    /**
     * The {@code @Async} tasks over jawait's {@code Channel}s (capacity one), single thread: what a
     * user writing ping-pong with the runtime's own primitives gets.
     */
    @Benchmark
    public long localExecutorChannel(Local s) {
        long hits = s.executor.blockOn(AsyncWorkloads.channelPinger(s.executor, ROUNDS));
        Check.that(hits == ROUNDS, "hits " + hits);
        return hits;
    }

    /** The same over {@code Channel}s on two workers. */
    @Benchmark
    public long workStealingChannel(Ws s) {
        long hits = s.executor.blockOn(AsyncWorkloads.channelPinger(s.executor, ROUNDS));
        Check.that(hits == ROUNDS, "hits " + hits);
        return hits;
    }
}
