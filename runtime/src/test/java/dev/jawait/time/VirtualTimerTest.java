package dev.jawait.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.combinator.Combinators;
import dev.jawait.events.TestSupport.CountingWaker;
import dev.jawait.events.TestSupport.ManualTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VirtualTimerTest {
    private final VirtualTimer timer = Timer.virtual();

    @Test
    void nothingFiresUntilTheClockReachesTheDeadline() {
        ManualTask<Void> t = new ManualTask<>(timer.sleep(Duration.ofSeconds(10)));
        assertFalse(t.poll());
        timer.advance(Duration.ofSeconds(9));
        assertFalse(t.woken());
        timer.advance(Duration.ofSeconds(1));
        assertTrue(t.woken());
        assertTrue(t.poll());
        assertEquals(Duration.ofSeconds(10), timer.now().since(Deadline.ofNanos(0)));
        assertEquals(0, timer.pendingTimers());
    }

    /** One fired timer as seen by its waker: which, when on the clock, on which thread. */
    private record Firing(int id, long deadline, long clockAtFire, Thread thread) {}

    @Test
    void firesDueTimersSynchronouslyInDeadlineOrderOnTheAdvancingThread() {
        Random rnd = new Random(42);
        List<Firing> log = new ArrayList<>();
        List<long[]> registered = new ArrayList<>(); // {id, deadline}
        for (int i = 0; i < 3000; i++) {
            // Seconds granularity over an hour: plenty of ties, which must fire in registration order.
            long deadline = TimeUnit.SECONDS.toNanos(1 + rnd.nextInt(3600));
            int id = i;
            Future<Void> sleep = timer.sleepUntil(Deadline.ofNanos(deadline));
            CountingWaker w = new CountingWaker(() ->
                    log.add(new Firing(id, deadline, timer.now().toNanos(), Thread.currentThread())));
            assertTrue(sleep.poll(Context.of(w)).isPending());
            registered.add(new long[] {id, deadline});
        }
        assertEquals(3000, timer.pendingTimers());

        timer.advance(Duration.ofHours(1));

        assertEquals(3000, log.size());
        registered.sort(Comparator.<long[]>comparingLong(r -> r[1]).thenComparingLong(r -> r[0]));
        for (int i = 0; i < log.size(); i++) {
            Firing f = log.get(i);
            assertEquals(registered.get(i)[0], f.id(), "firing #" + i + " out of deadline order");
            assertEquals(f.deadline(), f.clockAtFire(), "the clock shows the deadline while it fires");
            assertSame(Thread.currentThread(), f.thread());
        }
        assertEquals(0, timer.pendingTimers());
    }

    @Test
    void anHourOfSleepsAndIntervalsRunsInVirtualTime() {
        Random rnd = new Random(7);
        long hour = TimeUnit.HOURS.toNanos(1);
        List<long[]> log = Collections.synchronizedList(new ArrayList<>()); // {scheduled, clock}
        List<Future<Integer>> work = new ArrayList<>();
        List<Integer> expectedTicks = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long ms = 1 + rnd.nextInt((int) TimeUnit.HOURS.toMillis(1));
            Future<Void> sleep = timer.sleep(Duration.ofMillis(ms));
            work.add(Combinators.map(sleep, v -> {
                log.add(new long[] {TimeUnit.MILLISECONDS.toNanos(ms), timer.now().toNanos()});
                return 1;
            }));
            expectedTicks.add(1);
        }
        for (int i = 0; i < 100; i++) {
            Duration period = Duration.ofMillis(500 + rnd.nextInt(60_000));
            work.add(new TickLoop(timer.interval(period), hour, log));
            expectedTicks.add((int) (hour / period.toNanos()) + 1);
        }

        long start = System.nanoTime();
        List<Integer> counts = timer.blockOn(Combinators.joinAll(work));
        long wallNanos = System.nanoTime() - start;

        assertEquals(expectedTicks, counts);
        int total = expectedTicks.stream().mapToInt(Integer::intValue).sum();
        assertEquals(total, log.size());
        long previous = -1;
        for (long[] entry : log) {
            assertEquals(entry[0], entry[1], "every timer is observed exactly at its deadline");
            assertTrue(entry[1] >= previous, "timers are observed in deadline order");
            previous = entry[1];
        }
        assertTrue(timer.now().toNanos() <= hour);
        assertEquals(0, timer.pendingTimers());
        System.out.printf("virtual hour: %d timer firings in %.1f ms of wall time%n", total, wallNanos / 1e6);
        // Real time would take an hour; this bound only proves the clock is virtual.
        assertTrue(wallNanos < TimeUnit.SECONDS.toNanos(20), "took " + wallNanos / 1e6 + " ms");
    }

    /** Ticks an interval until its next tick would be after {@code end}; yields the tick count. */
    private static final class TickLoop implements Future<Integer> {
        private final Interval interval;
        private final long end;
        private final List<long[]> log;
        private Future<Deadline> tick;
        private int count;

        TickLoop(Interval interval, long end, List<long[]> log) {
            this.interval = interval;
            this.end = end;
            this.log = log;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            for (;;) {
                if (tick == null) {
                    tick = interval.tick();
                }
                Poll<Deadline> p = tick.poll(cx);
                if (p.isPending()) {
                    return Poll.pending();
                }
                tick = null;
                count++;
                long scheduled = p.get().toNanos();
                log.add(new long[] {scheduled, interval.timerNow()});
                if (scheduled + interval.period().toNanos() > end) {
                    return Poll.ready(count);
                }
            }
        }
    }

    private List<Long> takeTicks(Interval interval, int n) {
        List<Long> ticks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ManualTask<Deadline> t = new ManualTask<>(interval.tick());
            if (!t.poll()) {
                t.cancel();
                break;
            }
            ticks.add(TimeUnit.NANOSECONDS.toMillis(t.value().toNanos()));
        }
        return ticks;
    }

    @Test
    void burstPolicyCatchesUpOnEveryMissedTick() {
        Interval iv = timer.interval(Duration.ofMillis(10), MissedTickPolicy.BURST);
        assertEquals(List.of(0L), takeTicks(iv, 1), "the first tick completes at once");
        timer.advance(Duration.ofMillis(35));
        assertEquals(List.of(10L, 20L, 30L), takeTicks(iv, 10));
        assertEquals(Deadline.ofNanos(TimeUnit.MILLISECONDS.toNanos(40)), iv.nextTick());
    }

    @Test
    void delayPolicyRestartsTheScheduleFromTheLateTick() {
        Interval iv = timer.interval(Duration.ofMillis(10), MissedTickPolicy.DELAY);
        takeTicks(iv, 1);
        timer.advance(Duration.ofMillis(35));
        assertEquals(List.of(10L), takeTicks(iv, 10));
        assertEquals(Deadline.ofNanos(TimeUnit.MILLISECONDS.toNanos(45)), iv.nextTick());
    }

    @Test
    void skipPolicyDropsMissedTicksAndKeepsTheGrid() {
        Interval iv = timer.interval(Duration.ofMillis(10), MissedTickPolicy.SKIP);
        takeTicks(iv, 1);
        timer.advance(Duration.ofMillis(35));
        assertEquals(List.of(10L), takeTicks(iv, 10));
        assertEquals(Deadline.ofNanos(TimeUnit.MILLISECONDS.toNanos(40)), iv.nextTick());
    }

    @Test
    void aLateButNotMissedTickKeepsTheScheduleUnderEveryPolicy() {
        for (MissedTickPolicy policy : MissedTickPolicy.values()) {
            VirtualTimer vt = Timer.virtual();
            Interval iv = vt.interval(Duration.ofMillis(10), policy);
            takeTicks(iv, 1);
            vt.advance(Duration.ofMillis(15));
            takeTicks(iv, 1);
            assertEquals(Deadline.ofNanos(TimeUnit.MILLISECONDS.toNanos(20)), iv.nextTick(), policy.name());
        }
    }

    @Test
    void cancellingATickKeepsTheScheduleAndRemovesItsTimer() {
        Interval iv = timer.interval(Duration.ofSeconds(1));
        takeTicks(iv, 1);
        ManualTask<Deadline> t = new ManualTask<>(iv.tick());
        assertFalse(t.poll());
        assertThrows(IllegalStateException.class, iv::tick, "one outstanding tick at a time");
        t.cancel();
        assertEquals(0, timer.pendingTimers());
        ManualTask<Deadline> again = new ManualTask<>(iv.tick());
        assertFalse(again.poll());
        timer.advance(Duration.ofSeconds(1));
        assertTrue(again.poll());
        assertEquals(Deadline.ofNanos(TimeUnit.SECONDS.toNanos(1)), again.value());
    }

    @Test
    void timeoutOnTheVirtualClockCancelsTheInnerSleep() {
        Future<Void> slow = timer.timeout(timer.sleep(Duration.ofSeconds(2)), Duration.ofSeconds(1));
        assertThrows(TimeoutException.class, () -> timer.blockOn(slow));
        assertEquals(Deadline.ofNanos(TimeUnit.SECONDS.toNanos(1)), timer.now());
        assertEquals(0, timer.pendingTimers(), "the inner sleep's entry was removed");
    }

    @Test
    void theClockNeverGoesBackwards() {
        timer.advance(Duration.ofSeconds(5));
        assertThrows(IllegalArgumentException.class, () -> timer.advanceTo(Deadline.ofNanos(1)));
        assertThrows(IllegalArgumentException.class, () -> timer.advance(Duration.ofSeconds(-1)));
        assertFalse(timer.advanceToNext(), "nothing pending");
    }

    @Test
    void farFutureDeadlinesSaturateInsteadOfOverflowing() {
        ManualTask<Void> t = new ManualTask<>(timer.sleep(Duration.ofDays(365L * 1000)));
        assertFalse(t.poll());
        timer.advance(Duration.ofDays(365L * 100));
        assertFalse(t.woken());
        t.cancel();
        assertEquals(0, timer.pendingTimers());
    }
}
