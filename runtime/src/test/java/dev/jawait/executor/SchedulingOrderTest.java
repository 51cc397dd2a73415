package dev.jawait.executor;

import static dev.jawait.executor.WorkStealingTestSupport.awaitTrue;
import static dev.jawait.executor.WorkStealingTestSupport.terminate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.task.Coop;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Both executors: spawns made by a running task run depth first (a tree of spawns keeps one path
 * alive, not the whole tree), the {@link Coop} budget makes a task that only meets ready futures
 * yield, and neither the spawn order nor the LIFO slot starves anyone. Run on real executor
 * threads (a dedicated {@link LocalExecutor} thread, or one worker, which makes the order
 * deterministic: nobody steals).
 */
class SchedulingOrderTest {
    /** A complete 10-ary tree with this many leaves: 111,111 tasks. */
    private static final int LEAVES = 100_000;

    private static long expectedSum() {
        return (long) LEAVES * (LEAVES - 1) / 2;
    }

    @Test
    @Timeout(60)
    void localExecutorWalksATreeOfSpawnsDepthFirst() {
        LocalExecutor ex = LocalExecutor.startOnNewThread("depth-first");
        try {
            AtomicInteger alive = new AtomicInteger();
            AtomicInteger maxAlive = new AtomicInteger();
            assertEquals(expectedSum(), ex.blockOn(new CountingTreeNode(ex, alive, maxAlive, 0, LEAVES)));
            // Breadth first, nearly all 111,111 nodes would exist at once; depth first, one path
            // of the tree and the pending siblings along it (6 levels x 10), plus the subtrees
            // the fairness rule starts early (one per 3,721 polls).
            assertTrue(maxAlive.get() <= 2_000, "nodes alive at once: " + maxAlive.get());
            assertTrue(ex.slabCapacity() <= 4_096, "slab capacity " + ex.slabCapacity());
        } finally {
            ex.close();
        }
    }

    @Test
    @Timeout(60)
    void workStealingExecutorWalksATreeOfSpawnsDepthFirst() {
        WorkStealingExecutor one = WorkStealingExecutor.create(1);
        AtomicInteger alive = new AtomicInteger();
        AtomicInteger maxAlive = new AtomicInteger();
        assertEquals(expectedSum(), one.blockOn(new CountingTreeNode(one, alive, maxAlive, 0, LEAVES)));
        assertTrue(maxAlive.get() <= 2_000, "nodes alive at once, one worker: " + maxAlive.get());
        terminate(one);

        // Two workers: each walks what it has depth first; a thief takes the oldest (biggest) spawn.
        WorkStealingExecutor two = WorkStealingExecutor.create(2);
        AtomicInteger maxAlive2 = new AtomicInteger();
        assertEquals(expectedSum(), two.blockOn(new CountingTreeNode(two, new AtomicInteger(), maxAlive2, 0, LEAVES)));
        assertTrue(maxAlive2.get() <= 10_000, "nodes alive at once, two workers: " + maxAlive2.get());
        terminate(two);
    }

    // ---------------------------------------------------------------- the coop budget

    /** Awaits {@code handles} in order within as few polls as it is allowed; counts what it took. */
    private static final class Hog implements Future<Integer> {
        final List<JoinHandle<Integer>> handles;
        final AtomicInteger taken = new AtomicInteger();
        final AtomicInteger polls = new AtomicInteger();

        Hog(List<JoinHandle<Integer>> handles) {
            this.handles = handles;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            polls.incrementAndGet();
            int i = taken.get();
            while (i < handles.size()) {
                if (handles.get(i).poll(cx).isPending()) {
                    taken.set(i);
                    return Poll.pending();
                }
                i++;
            }
            taken.set(i);
            return Poll.ready(i);
        }
    }

    /** Yields once, then records how far the hog got: it ran while the hog was busy. */
    private static Future<Integer> probe(Hog hog) {
        return new Future<>() {
            boolean yielded;

            @Override
            public Poll<Integer> poll(Context cx) {
                if (!yielded) {
                    yielded = true;
                    cx.waker().wakeByRef();
                    return Poll.pending();
                }
                return Poll.ready(hog.taken.get());
            }
        };
    }

    /**
     * Spawns {@code n} tasks that complete at once, waits until all have, then spawns a hog that
     * awaits their (finished) handles and a probe; returns the probe's reading and the hog's
     * answer, in this order.
     */
    private static Future<int[]> hogAndProbe(Spawner spawner, int n) {
        return new Future<>() {
            List<JoinHandle<Integer>> ready;
            Hog hog;
            JoinHandle<Integer> hogHandle;
            JoinHandle<Integer> probeHandle;
            int probed = -1;

            @Override
            public Poll<int[]> poll(Context cx) {
                if (ready == null) {
                    ready = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        ready.add(spawner.spawn(Future.ready(i)));
                    }
                }
                if (hog == null) {
                    for (JoinHandle<Integer> r : ready) {
                        if (!r.isFinished()) {
                            cx.waker().wakeByRef();
                            return Poll.pending();
                        }
                    }
                    hog = new Hog(ready);
                    hogHandle = spawner.spawn(hog);
                    probeHandle = spawner.spawn(probe(hog));
                }
                if (probed < 0) {
                    Poll<Integer> p = probeHandle.poll(cx);
                    if (p.isPending()) {
                        return Poll.pending();
                    }
                    probed = p.get();
                }
                Poll<Integer> h = hogHandle.poll(cx);
                return h.isReady() ? Poll.ready(new int[] {probed, h.get()}) : Poll.pending();
            }
        };
    }

    private static void assertTheHogYielded(int[] result, int n) {
        assertEquals(n, result[1], "the hog took every outcome");
        assertTrue(result[0] < n, "the probe ran only after the hog had taken all " + n + " outcomes");
        assertTrue(result[0] >= Coop.UNITS, "the hog yielded before its budget was spent: " + result[0]);
    }

    @Test
    @Timeout(30)
    void aTaskAwaitingOnlyReadyHandlesYieldsOnLocalExecutor() {
        int n = 20 * Coop.UNITS;
        LocalExecutor ex = LocalExecutor.startOnNewThread("coop");
        try {
            assertTheHogYielded(ex.blockOn(hogAndProbe(ex, n)), n);
        } finally {
            ex.close();
        }
    }

    @Test
    @Timeout(30)
    void aTaskAwaitingOnlyReadyHandlesYieldsOnWorkStealingExecutor() {
        int n = 20 * Coop.UNITS;
        WorkStealingExecutor ex = WorkStealingExecutor.create(1);
        assertTheHogYielded(ex.blockOn(hogAndProbe(ex, n)), n);
        terminate(ex);
    }

    @Test
    @Timeout(10)
    void theBudgetIsUnconstrainedOutsideAnExecutorsPoll() {
        assertEquals(-1, Coop.budget().remaining());
        assertTrue(Coop.proceed(Context.of(Waker.noop())));
        assertEquals(-1, Coop.budget().remaining());
    }

    // ---------------------------------------------------------------- no starvation

    /**
     * On the dedicated thread of a {@link LocalExecutor}: a task that wakes itself forever, two
     * tasks that wake each other forever (through the LIFO slot) and a chain of tasks each
     * spawning the next (through the spawn stack) all run at once; a task woken from another
     * thread and a task spawned from another thread still complete.
     */
    @Test
    @Timeout(30)
    void localExecutorStarvesNobody() throws Exception {
        LocalExecutor ex = LocalExecutor.startOnNewThread("fairness");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong busy = new AtomicLong();
        try {
            JoinHandle<Void> hog = ex.spawn(selfWaking(stop, busy));
            AtomicReference<Waker> a = new AtomicReference<>();
            AtomicReference<Waker> b = new AtomicReference<>();
            AtomicInteger pingPongs = new AtomicInteger();
            JoinHandle<Void> pa = ex.spawn(WorkStealingFairnessTest.pingPong(a, b, stop, pingPongs));
            JoinHandle<Void> pb = ex.spawn(WorkStealingFairnessTest.pingPong(b, a, stop, pingPongs));
            ex.spawn(new WorkStealingFairnessTest.ChainLink(ex, stop, busy)).detach();
            awaitTrue("the busy tasks run", 5, () -> busy.get() > 10_000 && pingPongs.get() > 1_000);

            // Spawned from this thread: through the inbox, to the FIFO queue.
            assertEquals("spawned", dev.jawait.Await.blockOn(ex.spawn(Future.ready("spawned"))));
            // Woken from this thread.
            AtomicReference<Waker> sleeper = new AtomicReference<>();
            JoinHandle<String> sleeping = ex.spawn(cx -> {
                if (sleeper.get() == null) {
                    sleeper.set(cx.waker().clone());
                    return Poll.pending();
                }
                return Poll.ready("woken");
            });
            awaitTrue("the sleeper suspended", 5, () -> sleeper.get() != null);
            sleeper.get().wake();
            assertEquals("woken", dev.jawait.Await.blockOn(sleeping));

            long before = busy.get();
            int pingPongsBefore = pingPongs.get();
            awaitTrue("the busy tasks still run", 5, () -> busy.get() > before && pingPongs.get() > pingPongsBefore);
            stop.set(true);
            a.get().wakeByRef();
            b.get().wakeByRef();
            dev.jawait.Await.blockOn(hog);
            dev.jawait.Await.blockOn(pa);
            dev.jawait.Await.blockOn(pb);
        } finally {
            stop.set(true);
            ex.close();
        }
    }

    private static Future<Void> selfWaking(AtomicBoolean stop, AtomicLong busy) {
        return cx -> {
            if (stop.get()) {
                return Poll.ready(null);
            }
            busy.incrementAndGet();
            cx.waker().wakeByRef();
            return Poll.pending();
        };
    }
}
