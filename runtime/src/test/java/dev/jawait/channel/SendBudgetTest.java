package dev.jawait.channel;

import static dev.jawait.channel.BudgetHarness.map;
import static dev.jawait.channel.BudgetHarness.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Waker;
import dev.jawait.channel.BudgetHarness.Outcome;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.task.Coop;
import dev.jawait.task.Spawner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sends into a channel with room and oneshot receives spend the {@link Coop} budget, like
 * channel receives (see {@link ReceiveBudgetTest}): a task that keeps sending into a channel that
 * always has room, or keeps receiving from oneshots that are already sent, gives way to the other
 * tasks of its executor, and the messages arrive once each, in order.
 */
@Timeout(30)
class SendBudgetTest {
    private static final int MESSAGES = 20 * Coop.UNITS;

    private static void onBothExecutors(Function<Spawner, Outcome<?>> body) {
        try (LocalExecutor ex = LocalExecutor.startOnNewThread("send-budget")) {
            body.apply(ex).assertTheHogYielded(MESSAGES);
        }
        try (WorkStealingExecutor ex = WorkStealingExecutor.create(1)) {
            body.apply(ex).assertTheHogYielded(MESSAGES);
        }
    }

    private static List<Integer> drain(Channel<Integer> ch) {
        List<Integer> got = new ArrayList<>();
        Integer m;
        while ((m = ch.tryReceive()) != null) {
            got.add(m);
        }
        return got;
    }

    @Test
    void aBoundedChannelWithRoomDoesNotStarveTheExecutor() {
        onBothExecutors(ex -> {
            Channel<Integer> ch = Channel.bounded(MESSAGES);
            Outcome<Integer> out = BudgetHarness.run(ex, MESSAGES, i -> map(ch.send(i), v -> i));
            assertEquals(range(MESSAGES), drain(ch), "every message sent once, in order");
            assertEquals(0, ch.waitingSenders());
            return out;
        });
    }

    @Test
    void anUnboundedChannelDoesNotStarveTheExecutor() {
        onBothExecutors(ex -> {
            Channel<Integer> ch = Channel.unbounded();
            Outcome<Integer> out = BudgetHarness.run(ex, MESSAGES, i -> map(ch.send(i), v -> i));
            assertEquals(range(MESSAGES), drain(ch), "every message sent once, in order");
            return out;
        });
    }

    @Test
    void sentOneshotsDoNotStarveTheExecutor() {
        onBothExecutors(ex -> {
            Outcome<Integer> out = BudgetHarness.run(ex, MESSAGES, i -> {
                Oneshot<Integer> o = Oneshot.create();
                assertTrue(o.sender().send(i));
                return o.receiver();
            });
            assertEquals(range(MESSAGES), out.results, "each oneshot delivered its own value");
            return out;
        });
    }

    @Test
    void aYieldedSendKeepsItsMessageAndAPendingReceiveSpendsNothing() {
        Channel<Integer> ch = Channel.bounded(1);
        Coop.Budget budget = Coop.budget();
        int previous = budget.enter();
        try {
            Context cx = Context.of(Waker.noop());
            // Receives that find nothing spend no budget, however many a task polls (a join over
            // more than UNITS of them must still register them all).
            List<Future<Integer>> receives = new ArrayList<>();
            for (int i = 0; i < 2 * Coop.UNITS; i++) {
                Future<Integer> r = ch.receive();
                assertTrue(r.poll(cx).isPending());
                receives.add(r);
            }
            assertEquals(Coop.UNITS, budget.remaining(), "pending receives spent budget");
            assertEquals(2 * Coop.UNITS, ch.waitingReceivers(), "every receive is registered, once");
            for (Future<Integer> r : receives) {
                r.cancel();
            }
            for (int i = 0; i < Coop.UNITS; i++) {
                assertTrue(Coop.proceed(cx));
            }
            Future<Void> send = ch.send(7);
            assertTrue(send.poll(cx).isPending(), "a spent budget made the send yield");
            assertEquals(0, ch.size(), "the yielded send put nothing in");
            budget.enter(); // the task's next poll
            assertTrue(send.poll(cx).isReady());
            assertEquals(7, ch.tryReceive());
            assertNull(ch.tryReceive(), "sent once");
        } finally {
            budget.exit(previous);
        }
    }
}
