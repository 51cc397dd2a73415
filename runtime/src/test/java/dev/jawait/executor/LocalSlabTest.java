package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jawait.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalSlab} renews its occupant array every few thousand allocations (to keep it in the
 * young generation) without losing an occupant, and leaves a large one alone.
 */
class LocalSlabTest {

    @Test
    void renewingTheOccupantArrayKeepsEveryOccupantAndGeneration() {
        try (LocalExecutor exec = LocalExecutor.create()) {
            LocalSlab slab = new LocalSlab();
            LocalTask<?>[] tasks = new LocalTask<?>[5];
            int[] slots = new int[tasks.length];
            for (int i = 0; i < tasks.length; i++) {
                slots[i] = slab.allocate();
                tasks[i] = new LocalTask<>(exec, Future.ready(i));
                slab.occupant[slots[i]] = tasks[i];
                slab.state[slots[i]] = LocalSlab.IDLE;
            }
            LocalTask<?>[] before = slab.occupant;
            int churn = -1;
            for (int i = 0; i < 3 * LocalSlab.RENEW_INTERVAL; i++) {
                churn = slab.allocate(); // a task that comes and goes, as leaves do
                slab.occupant[churn] = tasks[0];
                slab.free(churn);
            }
            assertNotSame(before, slab.occupant, "the occupant array was never renewed");
            for (int i = 0; i < tasks.length; i++) {
                assertSame(tasks[i], slab.occupant[slots[i]], "occupant of slot " + slots[i]);
                assertEquals(0, slab.generation(slots[i]));
                assertEquals(LocalSlab.IDLE, slab.state[slots[i]]);
            }
            assertNull(slab.occupant[churn]);
            assertEquals(3 * LocalSlab.RENEW_INTERVAL, slab.generation(churn));
            assertEquals(churn, slab.allocate(), "the free list survives a renewal");
        }
    }

    @Test
    void aLargeOccupantArrayIsNotRenewed() {
        LocalSlab slab = new LocalSlab();
        for (int i = 0; i <= LocalSlab.RENEW_MAX_CAPACITY; i++) {
            slab.allocate();
        }
        LocalTask<?>[] large = slab.occupant;
        for (int i = 0; i < 10 * large.length; i++) {
            slab.free(slab.allocate());
        }
        assertSame(large, slab.occupant);
    }
}
