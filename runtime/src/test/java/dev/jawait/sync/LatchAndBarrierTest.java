package dev.jawait.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LatchAndBarrierTest {

    @Test
    void latchOpensWhenCountedDownFromOtherThreads() throws Exception {
        Latch latch = new Latch(4);
        ManualTask<Void> early = new ManualTask<>(latch.opened());
        ManualTask<Void> cancelled = new ManualTask<>(latch.opened());
        assertFalse(early.poll());
        assertFalse(cancelled.poll());
        cancelled.cancel();
        assertEquals(1, latch.waiterCount());
        TestSupport.runThreads(4, id -> latch.countDown());
        assertTrue(early.woken());
        assertTrue(early.poll());
        assertFalse(cancelled.woken());
        assertEquals(0, latch.count());
        assertTrue(new ManualTask<>(latch.opened()).poll(), "stays open");
        assertEquals(0, latch.waiterCount());
    }

    @Test
    void threadsBlockedOnALatchAllResume() throws Exception {
        Latch latch = new Latch(1);
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            latch.countDown();
        });
        opener.start();
        TestSupport.runThreads(3, id -> Await.blockOn(latch.opened()));
        opener.join();
    }

    @Test
    void barrierReleasesEachRoundWithExactlyOneLeader() throws Exception {
        int parties = 4;
        int rounds = 300;
        Barrier barrier = new Barrier(parties);
        AtomicIntegerArray leaders = new AtomicIntegerArray(rounds);
        TestSupport.runThreads(parties, id -> {
            for (int r = 0; r < rounds; r++) {
                if (Await.blockOn(barrier.arrive())) {
                    leaders.incrementAndGet(r);
                }
            }
        });
        for (int r = 0; r < rounds; r++) {
            assertEquals(1, leaders.get(r), "round " + r);
        }
        assertEquals(0, barrier.waiting());
    }

    @Test
    void aCancelledArrivalIsWithdrawn() {
        Barrier barrier = new Barrier(2);
        ManualTask<Boolean> a = new ManualTask<>(barrier.arrive());
        assertFalse(a.poll());
        a.cancel();
        assertEquals(0, barrier.waiting());
        ManualTask<Boolean> b = new ManualTask<>(barrier.arrive());
        assertFalse(b.poll(), "the cancelled arrival no longer counts");
        ManualTask<Boolean> c = new ManualTask<>(barrier.arrive());
        assertTrue(c.poll());
        assertTrue(c.value(), "the last to arrive leads");
        assertTrue(b.woken());
        assertTrue(b.poll());
        assertFalse(b.value());
        assertFalse(a.woken());
    }
}
