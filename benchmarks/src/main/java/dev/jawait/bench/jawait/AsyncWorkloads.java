package dev.jawait.bench.jawait;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.Futures;
import dev.jawait.bench.jawait.PingPongTasks.Ball;
import dev.jawait.channel.Channel;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;

/**
 * The workloads written as a user would, with {@code @Async} and {@code await}: the jawait
 * processor turns each method into a state machine at compile time. They mirror the hand-lowered
 * machines next to them ({@link ChainMachine}, {@link ReadyLoopMachine}, {@link SkynetTask},
 * {@link PingPongTasks}), so the two rows of a table show what the generated code costs over a
 * hand-written machine.
 */
public final class AsyncWorkloads {
    private AsyncWorkloads() {}

    /** {@code steps} sequential awaits that each really suspend; the sum of {@code 0 .. steps-1}. */
    @Async
    public static Future<Long> chain(int steps) {
        long sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += await(step(i));
        }
        return Future.ready(sum);
    }

    /** Yields once to the executor, then answers {@code i}. */
    @Async
    static Future<Long> step(int i) {
        await(Futures.yieldNow());
        return Future.ready((long) i);
    }

    /** Awaits every (already complete) future in turn and sums the values. */
    @Async
    public static Future<Long> readyLoop(Future<Long>[] ready) {
        long sum = 0;
        for (Future<Long> f : ready) {
            sum += await(f);
        }
        return Future.ready(sum);
    }

    /** The same loop with an index instead of an enhanced {@code for} over the array. */
    @Async
    public static Future<Long> readyLoopIndexed(Future<Long>[] ready) {
        long sum = 0;
        for (int i = 0; i < ready.length; i++) {
            sum += await(ready[i]);
        }
        return Future.ready(sum);
    }

    /** A skynet node: spawns ten children and sums their answers; a leaf answers its ordinal. */
    @Async
    public static Future<Long> skynet(Spawner spawner, long num, int size) {
        if (size == 1) {
            return Future.ready(num);
        }
        int child = size / 10;
        @SuppressWarnings("unchecked")
        JoinHandle<Long>[] children = (JoinHandle<Long>[]) new JoinHandle<?>[10];
        for (int i = 0; i < 10; i++) {
            children[i] = spawner.spawn(skynet(spawner, num + (long) i * child, child));
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += await(children[i]);
        }
        return Future.ready(sum);
    }

    /** Ping-pong's main task: starts the ponger, plays {@code rounds} round trips, awaits its end. */
    @Async
    public static Future<Long> pinger(Spawner spawner, int rounds, Slot<Ball> toB, Slot<Ball> toA) {
        JoinHandle<Void> b = spawner.spawn(ponger(rounds, toB, toA));
        Ball ball = new Ball();
        for (int i = 0; i < rounds; i++) {
            toB.send(ball);
            ball = await(toA);
        }
        await(b);
        return Future.ready(ball.hits);
    }

    /** Returns every ball it receives with one more hit. */
    @Async
    static Future<Void> ponger(int rounds, Slot<Ball> toB, Slot<Ball> toA) {
        for (int i = 0; i < rounds; i++) {
            Ball ball = await(toB);
            ball.hits++;
            toA.send(ball);
        }
        return Future.ready(null);
    }

    /**
     * Ping-pong over jawait's own {@link Channel}s (capacity one each way), as a user would write
     * it: the main task starts the ponger, sends the ball and receives it back {@code rounds}
     * times, then awaits the ponger's end.
     */
    @Async
    public static Future<Long> channelPinger(Spawner spawner, int rounds) {
        Channel<Ball> toB = Channel.bounded(1);
        Channel<Ball> toA = Channel.bounded(1);
        JoinHandle<Void> b = spawner.spawn(channelPonger(rounds, toB, toA));
        Ball ball = new Ball();
        for (int i = 0; i < rounds; i++) {
            await(toB.send(ball));
            ball = await(toA.receive());
        }
        await(b);
        return Future.ready(ball.hits);
    }

    /** Returns every ball it receives on {@code in} with one more hit, on {@code out}. */
    @Async
    static Future<Void> channelPonger(int rounds, Channel<Ball> in, Channel<Ball> out) {
        for (int i = 0; i < rounds; i++) {
            Ball ball = await(in.receive());
            ball.hits++;
            await(out.send(ball));
        }
        return Future.ready(null);
    }
}
