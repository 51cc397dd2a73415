package dev.jawait.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class TimerWheelTest {
    private static final Comparator<TimerEntry> ORDER =
            Comparator.<TimerEntry>comparingLong(e -> e.deadline).thenComparingLong(e -> e.seq);

    /**
     * Random adds (deadlines from a microsecond to days ahead, so every level is used), cancels
     * and advancing time, checked against a sorted model: due entries come out in exact order,
     * nothing comes out early, and the next deadline is never later than the true earliest.
     */
    @Test
    void agreesWithASortedModelWhileTimeAdvances() {
        for (long seed = 1; seed <= 4; seed++) {
            Random rnd = new Random(seed);
            TimerWheel wheel = new TimerWheel();
            TreeSet<TimerEntry> model = new TreeSet<>(ORDER);
            List<TimerEntry> live = new ArrayList<>();
            long now = rnd.nextInt(1 << 30);
            for (int step = 0; step < 40_000; step++) {
                int op = rnd.nextInt(10);
                if (op < 5 || live.isEmpty()) {
                    long ahead = (long) (Math.pow(2, 10 + rnd.nextInt(40)) * rnd.nextDouble());
                    TimerEntry e = new TimerEntry(now + ahead);
                    boolean wasEarliest = model.isEmpty() || ORDER.compare(e, model.first()) < 0;
                    long bound = wheel.nextDeadline();
                    boolean earliest = wheel.add(e);
                    model.add(e);
                    live.add(e);
                    if (wasEarliest && !earliest) {
                        assertTrue(bound <= e.deadline, "a new earliest is reported unless the loop wakes before it");
                    }
                } else if (op < 7) {
                    TimerEntry e = live.remove(rnd.nextInt(live.size()));
                    assertTrue(wheel.remove(e));
                    assertFalse(wheel.remove(e), "a removed entry is gone");
                    model.remove(e);
                } else {
                    now += (long) (Math.pow(2, 10 + rnd.nextInt(36)) * rnd.nextDouble());
                    TimerEntry polled;
                    while ((polled = wheel.pollDue(now)) != null) {
                        assertSame(model.pollFirst(), polled);
                        assertTrue(polled.deadline <= now);
                        live.remove(polled);
                    }
                    assertTrue(model.isEmpty() || model.first().deadline > now, "every due entry came out");
                }
                assertEquals(model.size(), wheel.size());
                long next = wheel.nextDeadline();
                if (model.isEmpty()) {
                    assertEquals(Long.MAX_VALUE, next);
                } else {
                    assertTrue(next <= model.first().deadline, "next deadline is a lower bound");
                }
            }
            Set<TimerEntry> cleared = new HashSet<>(List.of(wheel.clear()));
            assertEquals(new HashSet<>(model), cleared);
            assertEquals(0, wheel.size());
            assertNull(wheel.pollDue(Long.MAX_VALUE));
        }
    }

    @Test
    void equalDeadlinesFireInInsertionOrderAcrossLevels() {
        TimerWheel wheel = new TimerWheel();
        long deadline = 5L << 30;
        TimerEntry first = new TimerEntry(deadline);
        wheel.add(first); // far away: a high level
        assertNull(wheel.pollDue(deadline - (1 << 22))); // time moves close to it
        TimerEntry second = new TimerEntry(deadline);
        wheel.add(second); // now a low level
        assertSame(first, wheel.pollDue(deadline));
        assertSame(second, wheel.pollDue(deadline));
        assertNull(wheel.pollDue(deadline));
    }
}
