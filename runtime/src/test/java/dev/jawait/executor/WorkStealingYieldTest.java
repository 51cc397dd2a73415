package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task that yields while nothing else is runnable stays on its worker: the worker polls it
 * again itself instead of waking an idle worker that would steal it, so a single yielding chain
 * does not bounce between cores at every step.
 */
class WorkStealingYieldTest {
    private static final int YIELDS = 200_000;

    /** Yields {@value #YIELDS} times, counting the polls that ran on another thread than the last one. */
    private static final class Yielder implements Future<Integer> {
        private int left = YIELDS;
        private final Set<Thread> threads;
        private Thread last;
        private int migrations; // for the failure message

        Yielder(Set<Thread> threads) {
            this.threads = threads;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            Thread me = Thread.currentThread();
            threads.add(me);
            if (last != null && last != me) {
                migrations++;
            }
            last = me;
            if (left-- == 0) {
                return Poll.ready(migrations);
            }
            cx.waker().wakeByRef();
            return Poll.pending();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLoneYieldingTaskDoesNotWakeTheIdleWorker() {
        try (WorkStealingExecutor ex = WorkStealingExecutor.builder().workers(2).daemon(true).build()) {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            assertTrue(mx.isThreadCpuTimeSupported(), "this test needs per-thread CPU time");
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            int migrations = Await.blockOn(ex.spawn(new Yielder(threads)));
            // The CPU time of the worker that used less: the one that did not run the task. Before,
            // every yield woke it (an unpark, a search that found the task already taken, a park):
            // about 12 ms of CPU over 200,000 yields here. Now it stays parked: about 0.5 ms, its
            // start-up. CPU time, not wall time, so a loaded machine does not inflate it.
            long idleCpuNanos = Long.MAX_VALUE;
            for (Thread w : ex.workers()) {
                idleCpuNanos = Math.min(idleCpuNanos, mx.getThreadCpuTime(w.getId()));
            }
            assertTrue(idleCpuNanos < 5_000_000, "the idle worker used " + idleCpuNanos / 1000
                    + " µs of CPU during " + YIELDS + " yields (task migrated " + migrations + " times)");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void yieldingTasksStillSpreadOverWorkersWhenThereIsMoreThanOne() {
        try (WorkStealingExecutor ex = WorkStealingExecutor.builder().workers(2).daemon(true).build()) {
            // Two yielding tasks: while a worker has one more than it runs, a yield wakes the idle
            // worker, which steals; both workers end up running them.
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            var a = ex.spawn(new Yielder(threads));
            var b = ex.spawn(new Yielder(threads));
            Await.blockOn(a);
            Await.blockOn(b);
            assertEquals(2, threads.size(), "threads that polled: " + threads);
        }
    }
}
