package dev.jawait.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.internal.ContextBridge;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A context carries the budget of the thread that polls with it ({@link Coop#attach}), so that
 * {@link Coop#budget(Context)} needs no thread-local look-up; a budget it carries is used only by
 * its own thread: a future polled on another thread with that context must not spend, or be
 * refused by, the first thread's budget. jawait's three executors give their contexts the polling
 * thread's budget.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CoopContextBudgetTest {

    private final AtomicInteger wakes = new AtomicInteger();
    private final Context cx = Context.of(Waker.of(wakes::incrementAndGet));

    @Test
    void anotherThreadsSpentBudgetIsIgnored() throws Exception {
        AtomicReference<Coop.Budget> spentThere = new AtomicReference<>();
        Thread other = new Thread(() -> {
            Coop.Budget b = Coop.attach(cx);
            b.enter(); // and never exits: the thread ends with its budget spent
            while (b.remaining() > 0) {
                b.spend();
            }
            spentThere.set(b);
        });
        other.start();
        other.join();
        assertSame(spentThere.get(), ContextBridge.budgetHint(cx), "the context carries the other thread's budget");
        assertEquals(0, spentThere.get().remaining());

        assertSame(Coop.budget(), Coop.budget(cx), "this thread finds its own");
        assertTrue(Coop.proceed(cx), "this thread's budget is unconstrained");
        assertFalse(Coop.mustYield(cx));
        assertEquals(0, wakes.get());
        assertEquals(0, spentThere.get().remaining());
        assertEquals(-1, Coop.budget().remaining());
    }

    @Test
    void theCallingThreadsOwnBudgetIsSpentAndThenRefuses() {
        Coop.Budget mine = Coop.attach(cx);
        assertSame(mine, ContextBridge.budgetHint(cx));
        int outer = mine.enter();
        try {
            for (int i = 0; i < Coop.UNITS; i++) {
                assertTrue(Coop.proceed(cx));
            }
            assertEquals(0, mine.remaining());
            assertTrue(Coop.mustYield(cx), "the budget is spent");
            assertFalse(Coop.proceed(cx), "the budget is spent");
            assertEquals(2, wakes.get(), "the task was woken to yield, once per refusal");
        } finally {
            mine.exit(outer);
        }
    }

    @Test
    void aContextWithoutABudgetFallsBackToTheThreads() {
        assertNull(ContextBridge.budgetHint(cx));
        Coop.Budget mine = Coop.budget();
        int outer = mine.enter();
        try {
            assertSame(mine, Coop.budget(cx));
            assertTrue(Coop.proceed(cx));
            assertEquals(Coop.UNITS - 1, mine.remaining());
        } finally {
            mine.exit(outer);
        }
    }

    @Test
    void localExecutorsContextCarriesItsThreadsBudget() throws Exception {
        try (LocalExecutor ex = LocalExecutor.startOnNewThread("coop-context")) {
            assertCarriesPollingThreadsBudget(ex.spawn(new BudgetProbe()));
        }
        try (LocalExecutor driven = LocalExecutor.create()) { // run by blockOn, on this thread
            BudgetProbe probe = new BudgetProbe();
            assertTrue(driven.blockOn(driven.spawn(probe)));
            assertSame(Thread.currentThread(), probe.pollingThread);
        }
    }

    @Test
    void workStealingWorkersContextsCarryTheirThreadsBudget() throws Exception {
        try (WorkStealingExecutor ex = WorkStealingExecutor.create(2)) {
            for (int i = 0; i < 8; i++) {
                assertCarriesPollingThreadsBudget(ex.spawn(new BudgetProbe()));
            }
        }
    }

    @Test
    void blockOnsContextCarriesTheCallingThreadsBudget() {
        BudgetProbe probe = new BudgetProbe();
        assertTrue(Await.blockOn(probe));
        assertSame(Thread.currentThread(), probe.pollingThread);
    }

    private static void assertCarriesPollingThreadsBudget(JoinHandle<Boolean> probe) {
        assertTrue(Await.blockOn(probe), "the context the task was polled with carries that thread's budget");
    }

    /** Ready at once with whether its context carried the polling thread's budget. */
    private static final class BudgetProbe implements Future<Boolean> {
        volatile Thread pollingThread;

        @Override
        public Poll<Boolean> poll(Context cx) {
            pollingThread = Thread.currentThread();
            return Poll.ready(ContextBridge.budgetHint(cx) == Coop.budget() && Coop.budget(cx) == Coop.budget());
        }
    }
}
