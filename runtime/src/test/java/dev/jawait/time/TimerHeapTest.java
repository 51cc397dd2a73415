package dev.jawait.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TimerHeapTest {

    @Test
    void agreesWithASortedModelUnderRandomAddsPollsAndRemoves() {
        Random rnd = new Random(1);
        TimerHeap heap = new TimerHeap();
        TreeSet<TimerEntry> model = new TreeSet<>(
                Comparator.<TimerEntry>comparingLong(e -> e.deadline).thenComparingLong(e -> e.seq));
        List<TimerEntry> live = new ArrayList<>();
        for (int step = 0; step < 50_000; step++) {
            int op = rnd.nextInt(10);
            if (op < 5 || live.isEmpty()) {
                TimerEntry e = new TimerEntry(rnd.nextInt(1000));
                heap.add(e);
                model.add(e);
                live.add(e);
            } else if (op < 8) {
                TimerEntry e = live.remove(rnd.nextInt(live.size()));
                assertTrue(heap.remove(e));
                assertFalse(heap.remove(e), "a removed entry is gone");
                model.remove(e);
            } else {
                TimerEntry polled = heap.poll();
                assertSame(model.pollFirst(), polled);
                live.remove(polled);
                assertEquals(-1, polled.heapIndex);
            }
            assertEquals(model.size(), heap.size());
            assertSame(model.isEmpty() ? null : model.first(), heap.peek());
        }
    }
}
