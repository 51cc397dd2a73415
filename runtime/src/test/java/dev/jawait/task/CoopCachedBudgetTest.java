package dev.jawait.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Waker;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Coop#proceed(Context, Coop.Budget)} uses the budget it is handed only when that budget is
 * the calling thread's: a handle awaited on another thread than its executor's must not spend, or
 * be refused by, the executor thread's budget.
 */
class CoopCachedBudgetTest {

    private final AtomicInteger wakes = new AtomicInteger();
    private final Context cx = Context.of(Waker.of(wakes::incrementAndGet));

    @Test
    void anotherThreadsSpentBudgetIsIgnored() throws Exception {
        AtomicReference<Coop.Budget> handedOver = new AtomicReference<>();
        Thread other = new Thread(() -> {
            Coop.Budget b = Coop.budget();
            b.enter(); // and never exits: the thread ends with its budget spent
            while (b.remaining() > 0) {
                b.spend();
            }
            handedOver.set(b);
        });
        other.start();
        other.join();
        Coop.Budget spentElsewhere = handedOver.get();
        assertEquals(0, spentElsewhere.remaining());

        assertTrue(Coop.proceed(cx, spentElsewhere), "this thread's budget is unconstrained");
        assertEquals(0, wakes.get());
        assertEquals(0, spentElsewhere.remaining());
        assertEquals(-1, Coop.budget().remaining());
    }

    @Test
    void theCallingThreadsOwnBudgetIsSpentAndThenRefuses() {
        Coop.Budget mine = Coop.budget();
        int outer = mine.enter();
        try {
            for (int i = 0; i < Coop.UNITS; i++) {
                assertTrue(Coop.proceed(cx, mine));
            }
            assertEquals(0, mine.remaining());
            assertFalse(Coop.proceed(cx, mine), "the budget is spent");
            assertEquals(1, wakes.get(), "the task was woken to yield");
        } finally {
            mine.exit(outer);
        }
    }

    @Test
    void noCachedBudgetFallsBackToTheThreads() {
        Coop.Budget mine = Coop.budget();
        int outer = mine.enter();
        try {
            assertTrue(Coop.proceed(cx, null));
            assertEquals(Coop.UNITS - 1, mine.remaining());
        } finally {
            mine.exit(outer);
        }
    }
}
