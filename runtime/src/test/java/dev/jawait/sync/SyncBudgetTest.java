package dev.jawait.sync;

import static dev.jawait.channel.BudgetHarness.map;
import static dev.jawait.channel.BudgetHarness.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.channel.BudgetHarness;
import dev.jawait.channel.BudgetHarness.Outcome;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.task.Coop;
import dev.jawait.task.Spawner;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sync primitives spend the {@link Coop} budget when they are ready at once: a task that locks
 * and unlocks a free mutex (or acquires and releases a free permit, consumes a stored notify
 * permit, awaits an open latch, arrives at a one-party barrier) in a loop gives way to the other
 * tasks of its executor, and no permit or notification is lost or doubled by the yields.
 */
@Timeout(30)
class SyncBudgetTest {
    private static final int ITERATIONS = 20 * Coop.UNITS;

    /** Runs {@code body} on a fresh one-thread local executor and one-worker work-stealing one. */
    private static void onBothExecutors(Function<Spawner, Outcome<?>> body) {
        try (LocalExecutor ex = LocalExecutor.startOnNewThread("sync-budget")) {
            body.apply(ex).assertTheHogYielded(ITERATIONS);
        }
        try (WorkStealingExecutor ex = WorkStealingExecutor.create(1)) {
            body.apply(ex).assertTheHogYielded(ITERATIONS);
        }
    }

    @Test
    void aFreeSemaphoreDoesNotStarveTheExecutor() {
        onBothExecutors(ex -> {
            Semaphore sem = new Semaphore(2);
            Outcome<Integer> out = BudgetHarness.run(ex, ITERATIONS, i -> map(sem.acquire(2), v -> {
                sem.release(2);
                return i;
            }));
            assertEquals(range(ITERATIONS), out.results);
            assertEquals(2, sem.availablePermits(), "a yield lost or doubled permits");
            assertEquals(0, sem.queueLength());
            return out;
        });
    }

    @Test
    void aFreeMutexDoesNotStarveTheExecutor() {
        onBothExecutors(ex -> {
            Mutex<Integer> mutex = new Mutex<>(0);
            Outcome<Integer> out = BudgetHarness.run(ex, ITERATIONS, i -> map(mutex.lock(), guard -> {
                int seen = guard.get();
                guard.set(seen + 1);
                guard.unlock();
                return seen;
            }));
            assertEquals(range(ITERATIONS), out.results, "every lock saw the previous holder's write");
            assertFalse(mutex.isLocked());
            assertEquals(ITERATIONS, mutex.tryLock().get());
            return out;
        });
    }

    @Test
    void aStoredNotifyPermitDoesNotStarveTheExecutor() {
        onBothExecutors(ex -> {
            Notify notify = new Notify();
            Outcome<Integer> out = BudgetHarness.run(ex, ITERATIONS, i -> {
                notify.notifyOne(); // stores the permit the next notified() consumes
                return map(notify.notified(), v -> i);
            });
            assertEquals(range(ITERATIONS), out.results);
            // Exactly the last permit was consumed: a new notified() must wait.
            assertTrue(isPending(notify.notified()), "a yield left a permit behind");
            assertEquals(0, notify.waiterCount());
            return out;
        });
    }

    @Test
    void anOpenLatchDoesNotStarveTheExecutor() {
        onBothExecutors(ex -> {
            Latch latch = new Latch(0);
            Outcome<Integer> out = BudgetHarness.run(ex, ITERATIONS, i -> map(latch.opened(), v -> i));
            assertEquals(range(ITERATIONS), out.results);
            assertEquals(0, latch.waiterCount());
            return out;
        });
    }

    @Test
    void aOnePartyBarrierDoesNotStarveTheExecutor() {
        onBothExecutors(ex -> {
            Barrier barrier = new Barrier(1);
            Outcome<Boolean> out = BudgetHarness.run(ex, ITERATIONS, i -> barrier.arrive());
            assertTrue(out.results.stream().allMatch(leader -> leader), "each round's only party leads it");
            assertEquals(0, barrier.waiting());
            return out;
        });
    }

    @Test
    void aYieldedAcquisitionKeepsItsPlaceAndTakesNoPermit() {
        // A task that spent its budget polls a free acquisition: it yields without taking the
        // permit, so another acquisition can still take it, and its next poll completes.
        Semaphore sem = new Semaphore(1);
        Future<Void> first = sem.acquire();
        Coop.Budget budget = Coop.budget();
        int previous = budget.enter();
        try {
            Context cx = Context.of(Waker.noop());
            for (int i = 0; i < Coop.UNITS; i++) {
                assertTrue(Coop.proceed(cx));
            }
            assertTrue(first.poll(cx).isPending(), "a spent budget made the acquisition yield");
            assertEquals(1, sem.availablePermits(), "the yielded acquisition took nothing");
            budget.enter(); // the task's next poll
            assertTrue(first.poll(cx).isReady());
            assertEquals(0, sem.availablePermits());
            assertEquals(Coop.UNITS - 1, budget.remaining(), "a ready acquisition spends one unit");
        } finally {
            budget.exit(previous);
        }
    }

    @Test
    void aYieldedWaiterStaysQueuedOnceAndKeepsWhatItWasGiven() {
        Latch latch = new Latch(1);
        Notify notify = new Notify();
        Future<Void> opened = latch.opened();
        Future<Void> notified = notify.notified();
        Coop.Budget budget = Coop.budget();
        int previous = budget.enter();
        try {
            Context cx = Context.of(Waker.noop());
            assertTrue(opened.poll(cx).isPending());
            assertTrue(notified.poll(cx).isPending());
            latch.countDown();
            notify.notifyOne(); // picks the queued notified(), stores no permit
            for (int i = 0; i < Coop.UNITS; i++) {
                assertTrue(Coop.proceed(cx));
            }
            assertTrue(opened.poll(cx).isPending(), "a spent budget made the latch wait yield");
            assertTrue(notified.poll(cx).isPending(), "a spent budget made the notified() yield");
            assertEquals(0, notify.waiterCount());
            budget.enter(); // the task's next poll
            assertTrue(opened.poll(cx).isReady());
            assertTrue(notified.poll(cx).isReady(), "the yield kept the notification");
            assertEquals(0, latch.waiterCount(), "the latch wait left its queue, once");
            assertTrue(isPending(notify.notified()), "the notification was not also stored");
        } finally {
            budget.exit(previous);
        }
    }

    @Test
    void aYieldedLatchWaitIsQueuedOnce() {
        Latch latch = new Latch(1);
        Future<Void> opened = latch.opened();
        Coop.Budget budget = Coop.budget();
        int previous = budget.enter();
        try {
            Context cx = Context.of(Waker.noop());
            assertTrue(opened.poll(cx).isPending());
            for (int i = 0; i < Coop.UNITS; i++) {
                assertTrue(Coop.proceed(cx));
            }
            assertTrue(opened.poll(cx).isPending());
            budget.enter();
            assertTrue(opened.poll(cx).isPending(), "still closed");
            assertEquals(1, latch.waiterCount(), "polled three times, queued once");
        } finally {
            budget.exit(previous);
        }
    }

    @Test
    void outsideAnExecutorEveryReadyAcquisitionCompletes() {
        Semaphore sem = new Semaphore(1);
        for (int i = 0; i < ITERATIONS; i++) {
            Await.blockOn(sem.acquire());
            sem.release();
        }
        assertEquals(1, sem.availablePermits());
    }

    /** Polls a notified() future once with a no-op waker, then cancels it. */
    private static boolean isPending(Future<Void> notified) {
        Poll<Void> p = notified.poll(Context.of(Waker.noop()));
        notified.cancel();
        return p.isPending();
    }
}
