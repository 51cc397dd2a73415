package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.function.Supplier;

/**
 * Ping-pong as two hand-written machines: {@link #pinger} spawns the ponger, then sends a ball
 * {@code rounds} times and awaits it back each time; the ponger awaits the ball, counts a hit and
 * returns it. Ready with the ball's hits.
 */
public final class PingPongTasks {
    private PingPongTasks() {}

    /** The message: one mutable object, so that sending allocates nothing. */
    public static final class Ball {
        /** How many times the ponger returned it. */
        public long hits;
    }

    /** The main task of one game; {@code slots} makes the two mailboxes. */
    public static Future<Long> pinger(Spawner spawner, int rounds, Supplier<Slot<Ball>> slots) {
        return new Pinger(spawner, rounds, slots.get(), slots.get());
    }

    private static final class Pinger implements Future<Long> {
        private final Spawner spawner;
        private final int rounds;
        private final Slot<Ball> toB;
        private final Slot<Ball> toA;
        private final Ball ball = new Ball();
        private JoinHandle<Void> ponger;
        private int state;
        private int round;

        Pinger(Spawner spawner, int rounds, Slot<Ball> toB, Slot<Ball> toA) {
            this.spawner = spawner;
            this.rounds = rounds;
            this.toB = toB;
            this.toA = toA;
        }

        @Override
        public Poll<Long> poll(Context cx) {
            for (;;) {
                switch (state) {
                    case 0: // start B
                        ponger = spawner.spawn(new Ponger(rounds, toB, toA));
                        state = 1;
                        break;
                    case 1: // serve, or finish
                        if (round == rounds) {
                            state = 3;
                            break;
                        }
                        toB.send(ball);
                        state = 2;
                        break;
                    case 2: // await the return
                        if (toA.poll(cx).isPending()) {
                            return Poll.pending();
                        }
                        round++;
                        state = 1;
                        break;
                    case 3: // await B's end
                        if (ponger.poll(cx).isPending()) {
                            return Poll.pending();
                        }
                        state = 4;
                        return Poll.ready(ball.hits);
                    default:
                        throw new IllegalStateException("polled after completion");
                }
            }
        }
    }

    private static final class Ponger implements Future<Void> {
        private final int rounds;
        private final Slot<Ball> toB;
        private final Slot<Ball> toA;
        private int served;

        Ponger(int rounds, Slot<Ball> toB, Slot<Ball> toA) {
            this.rounds = rounds;
            this.toB = toB;
            this.toA = toA;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            while (served < rounds) {
                Poll<Ball> p = toB.poll(cx);
                if (p.isPending()) {
                    return Poll.pending();
                }
                Ball ball = p.get();
                ball.hits++;
                served++;
                toA.send(ball);
            }
            return Poll.ready(null);
        }
    }
}
