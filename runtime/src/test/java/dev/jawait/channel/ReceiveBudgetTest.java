package dev.jawait.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.task.Coop;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A receive that finds a message spends a unit of the task's {@link Coop} budget: a task draining
 * a channel that is never empty returns to its executor's queue after {@link Coop#UNITS}
 * messages, so a task queued behind it runs long before the channel is drained.
 */
class ReceiveBudgetTest {
    private static final int MESSAGES = 20 * Coop.UNITS;

    /**
     * Once the probe has started, receives {@code MESSAGES} messages one future at a time,
     * counting them. (Waiting for the probe keeps the drain from finishing before the test
     * thread has even spawned it.)
     */
    private static final class Drain implements Future<Integer> {
        private final Supplier<Future<Integer>> receive;
        final AtomicInteger taken = new AtomicInteger();
        volatile boolean probeStarted;
        private Future<Integer> pending;

        Drain(Supplier<Future<Integer>> receive) {
            this.receive = receive;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            if (!probeStarted) {
                cx.waker().wakeByRef();
                return Poll.pending();
            }
            while (taken.get() < MESSAGES) {
                if (pending == null) {
                    pending = receive.get();
                }
                Poll<Integer> p = pending.poll(cx);
                if (p.isPending()) {
                    return Poll.pending();
                }
                pending = null;
                taken.incrementAndGet();
            }
            return Poll.ready(taken.get());
        }
    }

    /**
     * Spawns the drain and a probe that lets it start, yields until it has, then reads how many
     * messages it has taken: strictly between none and all only if the drain gave way mid-channel.
     */
    private static int[] drainAndProbe(Spawner spawner, Drain drain) {
        JoinHandle<Integer> drained = spawner.spawn(drain);
        JoinHandle<Integer> probe = spawner.spawn(new Future<Integer>() {
            @Override
            public Poll<Integer> poll(Context cx) {
                drain.probeStarted = true;
                int taken = drain.taken.get();
                if (taken == 0) {
                    cx.waker().wakeByRef();
                    return Poll.pending();
                }
                return Poll.ready(taken);
            }
        });
        return new int[] {dev.jawait.Await.blockOn(probe), dev.jawait.Await.blockOn(drained)};
    }

    private static void assertTheDrainYielded(int[] result) {
        assertEquals(MESSAGES, result[1], "the drain took every message");
        assertTrue(result[0] > 0 && result[0] < MESSAGES,
                "the probe saw " + result[0] + " messages taken: the drain never gave way before the channel was empty");
    }

    private static Channel<Integer> filled() {
        Channel<Integer> ch = Channel.unbounded();
        for (int i = 0; i < MESSAGES; i++) {
            assertTrue(ch.trySend(i));
        }
        return ch;
    }

    private static Broadcast.Subscriber<Integer> filledSubscriber() {
        Broadcast<Integer> b = Broadcast.create(MESSAGES);
        Broadcast.Subscriber<Integer> sub = b.subscribe();
        for (int i = 0; i < MESSAGES; i++) {
            b.send(i);
        }
        return sub;
    }

    @Test
    @Timeout(30)
    void aChannelThatIsNeverEmptyDoesNotStarveTheExecutor() {
        LocalExecutor ex = LocalExecutor.startOnNewThread("receive-budget");
        try {
            Channel<Integer> ch = filled();
            assertTheDrainYielded(drainAndProbe(ex, new Drain(ch::receive)));
        } finally {
            ex.close();
        }
    }

    @Test
    @Timeout(30)
    void aBroadcastThatIsNeverEmptyDoesNotStarveTheExecutor() {
        try (WorkStealingExecutor ex = WorkStealingExecutor.create(1)) {
            Broadcast.Subscriber<Integer> sub = filledSubscriber();
            assertTheDrainYielded(drainAndProbe(ex, new Drain(sub::receive)));
        }
    }

    @Test
    @Timeout(10)
    void outsideAnExecutorEveryReadyReceiveCompletes() {
        Channel<Integer> ch = filled();
        Drain drain = new Drain(ch::receive);
        drain.probeStarted = true;
        assertEquals(MESSAGES, dev.jawait.Await.blockOn(drain));
    }
}
