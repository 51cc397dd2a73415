package dev.jawait.time;

import static dev.jawait.channel.BudgetHarness.map;
import static dev.jawait.channel.BudgetHarness.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.channel.BudgetHarness;
import dev.jawait.channel.BudgetHarness.Outcome;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.task.Coop;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Elapsed sleeps spend the {@link Coop} budget: a task looping over zero sleeps, or over the ticks
 * of an interval far behind schedule with {@link MissedTickPolicy#BURST}, gives way to the other
 * tasks of its executor, and no tick is skipped or repeated by the yields. A timeout's deadline is
 * exempt, so it fires even around an inner future that spends the whole budget every poll.
 */
@Timeout(30)
class TimerBudgetTest {
    private static final int ITERATIONS = 20 * Coop.UNITS;

    private static void onBothExecutors(Function<Spawner, Outcome<?>> body) {
        try (LocalExecutor ex = LocalExecutor.startOnNewThread("timer-budget")) {
            body.apply(ex).assertTheHogYielded(ITERATIONS);
        }
        try (WorkStealingExecutor ex = WorkStealingExecutor.create(1)) {
            body.apply(ex).assertTheHogYielded(ITERATIONS);
        }
    }

    @Test
    void zeroSleepsDoNotStarveTheExecutor() {
        try (RealTimer timer = Timer.create()) {
            onBothExecutors(ex -> {
                Outcome<Integer> out = BudgetHarness.run(ex, ITERATIONS, i -> map(timer.sleep(Duration.ZERO), v -> i));
                assertEquals(range(ITERATIONS), out.results);
                return out;
            });
        }
    }

    @Test
    void aBurstOfMissedTicksDoesNotStarveTheExecutor() {
        onBothExecutors(ex -> {
            // A virtual clock an hour past the start of a 1 ms interval: 3.6 million ticks due.
            VirtualTimer timer = Timer.virtual();
            Deadline start = timer.now();
            Duration period = Duration.ofMillis(1);
            Interval interval = timer.intervalAt(start, period, MissedTickPolicy.BURST);
            timer.advance(Duration.ofHours(1));
            Outcome<Deadline> out = BudgetHarness.run(ex, ITERATIONS, i -> interval.tick());
            List<Deadline> expected = new ArrayList<>();
            for (int i = 0; i < ITERATIONS; i++) {
                expected.add(start.plus(period.multipliedBy(i)));
            }
            assertEquals(expected, out.results, "every tick once, in order, on the grid");
            return out;
        });
    }

    /**
     * Awaits zero sleeps, so every poll of it spends the whole budget, until it is cancelled or
     * (the failure case, so that the test ends instead of spinning) {@code giveUpAfter} passes.
     */
    private static final class ZeroSleepLoop implements Future<Void> {
        private final Timer timer;
        private final long giveUpAt;
        private Future<Void> current;
        volatile long slept;

        ZeroSleepLoop(Timer timer, Duration giveUpAfter) {
            this.timer = timer;
            this.giveUpAt = System.nanoTime() + giveUpAfter.toNanos();
        }

        @Override
        public Poll<Void> poll(Context cx) {
            while (System.nanoTime() - giveUpAt < 0) {
                if (current == null) {
                    current = timer.sleep(Duration.ZERO);
                }
                if (current.poll(cx).isPending()) {
                    return Poll.pending();
                }
                current = null;
                slept++;
            }
            return Poll.ready(null);
        }

        @Override
        public void cancel() {
            if (current != null) {
                current.cancel();
            }
        }
    }

    @Test
    void aTimeoutFiresAroundAFutureThatSpendsTheWholeBudget() {
        try (RealTimer timer = Timer.create(); LocalExecutor ex = LocalExecutor.startOnNewThread("timer-budget")) {
            ZeroSleepLoop loop = new ZeroSleepLoop(timer, Duration.ofSeconds(5));
            JoinHandle<Void> h = ex.spawn(timer.timeout(loop, Duration.ofMillis(100)));
            assertThrows(TimeoutException.class, () -> Await.blockOn(h),
                    "the deadline never fired while the inner loop kept the task busy");
            assertTrue(loop.slept > Coop.UNITS, "the loop ran over several polls: " + loop.slept);
        }
    }
}
