package dev.jawait.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeadlineHeapTest {

    @Test
    void pollsInDeadlineOrderAfterRandomAddsAndRemoves() {
        Random random = new Random(11);
        DeadlineHeap heap = new DeadlineHeap();
        List<Deadline> kept = new ArrayList<>();
        long base = Long.MAX_VALUE - 500; // differences, not values, must order them (wrap-around)
        for (int i = 0; i < 1000; i++) {
            Deadline d = new Deadline(base + random.nextInt(1000), new WakerSlot());
            heap.add(d);
            if (random.nextInt(3) == 0) {
                heap.remove(d);
                assertEquals(-1, d.heapIndex);
            } else {
                kept.add(d);
            }
        }
        assertEquals(kept.size(), heap.size());
        kept.sort((a, b) -> Long.compare(a.at - base, b.at - base));
        List<Long> polled = new ArrayList<>();
        Deadline d;
        while ((d = heap.poll()) != null) {
            polled.add(d.at - base);
        }
        List<Long> expected = new ArrayList<>();
        kept.forEach(k -> expected.add(k.at - base));
        assertEquals(expected, polled);
        assertNull(heap.peek());
    }

    @Test
    void millisUntilNextRoundsUp() {
        DeadlineHeap heap = new DeadlineHeap();
        assertEquals(-1, heap.millisUntilNext(0));
        heap.add(new Deadline(1_000_001, new WakerSlot()));
        assertEquals(2, heap.millisUntilNext(0));
        assertEquals(0, heap.millisUntilNext(1_000_001));
        assertEquals(0, heap.millisUntilNext(5_000_000));
        heap.clear();
        assertEquals(0, heap.size());
        Collections.emptyList();
    }
}
