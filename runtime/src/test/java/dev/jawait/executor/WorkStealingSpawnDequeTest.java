package dev.jawait.executor;

import static dev.jawait.executor.WorkStealingTestSupport.terminate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.executor.WorkStealingTestSupport.Controlled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The spawn deque on its own (owner LIFO, thieves FIFO, bounded, every task taken exactly once
 * under real contention), and in the executor: spawns of a worker that is stuck in a poll are
 * stolen by another worker.
 */
class WorkStealingSpawnDequeTest {

    private static List<WsTask> tasks(int n) {
        List<WsTask> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new WsTask(null));
        }
        return list;
    }

    @Test
    @Timeout(10)
    void theOwnerPopsTheNewestAndThievesTakeTheOldest() {
        WsSpawnDeque d = new WsSpawnDeque();
        List<WsTask> ts = tasks(100);
        for (int round = 0; round < 10; round++) { // indices wrap around the buffer several times
            ts.forEach(t -> assertTrue(d.push(t)));
            assertEquals(100, d.size());
            assertSame(ts.get(99), d.peekNewest());
            assertSame(ts.get(0), d.steal());
            assertSame(ts.get(1), d.steal());
            for (int i = 99; i >= 2; i--) {
                assertSame(ts.get(i), d.pop());
            }
            assertNull(d.pop());
            assertNull(d.steal());
            assertNull(d.peekNewest());
            assertTrue(d.isEmpty());
        }
    }

    @Test
    @Timeout(10)
    void theDequeGrowsUpToItsBoundThenRefusesAPushUntilATaskLeaves() {
        WsSpawnDeque d = new WsSpawnDeque();
        int max = WsSpawnDeque.MAX_CAPACITY;
        List<WsTask> ts = tasks(max + 1);
        // Start off the buffer's first slot, so that growing copies a wrapped range.
        for (int i = 0; i < 100; i++) {
            d.push(ts.get(0));
            d.steal();
        }
        for (int i = 0; i < max; i++) {
            assertTrue(d.push(ts.get(i)), "push " + i);
        }
        WsTask extra = ts.get(max);
        assertFalse(d.push(extra));
        assertEquals(max, d.size());
        assertSame(ts.get(0), d.steal());
        assertTrue(d.push(extra));
        assertSame(extra, d.pop());
        for (int i = max - 1; i >= 1; i--) {
            assertSame(ts.get(i), d.pop(), "pop " + i);
        }
        assertNull(d.pop());
    }

    /**
     * The owner fills fresh deques in bursts (each grows its buffer from 256 to 4,096 slots) while
     * three thieves steal from whichever deque is current; every task must be taken exactly once,
     * whichever buffer a thief read it from.
     */
    @Test
    @Timeout(30)
    void growingUnderStealsLosesAndDuplicatesNothing() throws Exception {
        int rounds = 60;
        int burst = 3_000;
        List<WsTask> ts = tasks(rounds * burst);
        java.util.IdentityHashMap<WsTask, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < ts.size(); i++) {
            index.put(ts.get(i), i);
        }
        AtomicIntegerArray taken = new AtomicIntegerArray(ts.size());
        java.util.concurrent.atomic.AtomicReference<WsSpawnDeque> current =
                new java.util.concurrent.atomic.AtomicReference<>(new WsSpawnDeque());
        AtomicBoolean ownerDone = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong stolen = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> thieves = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Thread t = new Thread(() -> {
                while (!ownerDone.get()) {
                    WsTask got = current.get().steal();
                    if (got != null) {
                        taken.incrementAndGet(index.get(got));
                        stolen.incrementAndGet();
                    }
                }
            }, "thief-" + s);
            t.start();
            thieves.add(t);
        }
        int next = 0;
        for (int r = 0; r < rounds; r++) {
            WsSpawnDeque d = new WsSpawnDeque();
            current.set(d);
            for (int k = 0; k < burst; k++) {
                assertTrue(d.push(ts.get(next++)));
            }
            for (WsTask got; (got = d.pop()) != null; ) {
                taken.incrementAndGet(index.get(got));
            }
        }
        ownerDone.set(true);
        for (Thread t : thieves) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(t.isAlive(), t.getName() + " still running");
        }
        for (int k = 0; k < ts.size(); k++) {
            assertEquals(1, taken.get(k), "task " + k + " taken " + taken.get(k) + " times");
        }
        assertTrue(stolen.get() > 0, "the thieves never stole: the race was not exercised");
    }

    /**
     * The owner pushes and pops (often down to the last task, where it races the thieves) while
     * three thieves steal; every task must be taken exactly once.
     */
    @Test
    @Timeout(30)
    void everyTaskIsTakenExactlyOnceUnderContention() throws Exception {
        int total = 400_000;
        List<WsTask> ts = tasks(total);
        java.util.IdentityHashMap<WsTask, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < total; i++) {
            index.put(ts.get(i), i);
        }
        AtomicIntegerArray taken = new AtomicIntegerArray(total);
        WsSpawnDeque d = new WsSpawnDeque();
        AtomicBoolean ownerDone = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> thieves = new ArrayList<>();
        long[] stolen = new long[3];
        for (int s = 0; s < 3; s++) {
            int id = s;
            Thread t = new Thread(() -> {
                WorkStealingTestSupport.await(start);
                while (!ownerDone.get() || !d.isEmpty()) {
                    WsTask got = d.steal();
                    if (got != null) {
                        taken.incrementAndGet(index.get(got));
                        stolen[id]++;
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }, "thief-" + s);
            t.start();
            thieves.add(t);
        }
        start.countDown();
        int i = 0;
        int round = 0;
        while (i < total) {
            // Push a small batch (1..3), then pop it back down to empty or nearly: the last task
            // is where owner and thieves race.
            int batch = 1 + (round++ % 3);
            for (int k = 0; k < batch && i < total; k++) {
                WsTask t = ts.get(i++);
                while (!d.push(t)) {
                    WsTask oldest = d.steal();
                    if (oldest != null) {
                        taken.incrementAndGet(index.get(oldest));
                    }
                }
            }
            int pops = (round & 1) == 0 ? batch : batch - 1;
            for (int k = 0; k < pops; k++) {
                WsTask got = d.pop();
                if (got != null) {
                    taken.incrementAndGet(index.get(got));
                }
            }
        }
        ownerDone.set(true);
        for (WsTask got; (got = d.pop()) != null; ) {
            taken.incrementAndGet(index.get(got));
        }
        for (Thread t : thieves) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(t.isAlive(), t.getName() + " still running");
        }
        for (int k = 0; k < total; k++) {
            assertEquals(1, taken.get(k), "task " + k + " taken " + taken.get(k) + " times");
        }
        assertTrue(stolen[0] + stolen[1] + stolen[2] > 0, "the thieves never stole: the race was not exercised");
    }

    /** Spawns {@code children} tasks that count down {@code ran}, then blocks in its poll until they all ran. */
    private static final class Blocker implements Future<Boolean> {
        private final WorkStealingExecutor ex;
        private final int children;
        final CountDownLatch ran;

        Blocker(WorkStealingExecutor ex, int children) {
            this.ex = ex;
            this.children = children;
            this.ran = new CountDownLatch(children);
        }

        @Override
        public Poll<Boolean> poll(Context cx) {
            for (int i = 0; i < children; i++) {
                ex.spawnDetached(new Future<Void>() {
                    @Override
                    public Poll<Void> poll(Context cx) {
                        ran.countDown();
                        return Poll.ready(null);
                    }
                });
            }
            try {
                // The spawns sit on this worker's deque; only another worker can run them now.
                return Poll.ready(ran.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * A worker stuck in one poll (as if the OS had descheduled it) does not hold its spawns back:
     * another worker steals every one of them. With a private spawn stack the later ones waited for
     * the stuck worker.
     */
    @Test
    @Timeout(30)
    void spawnsOfAStuckWorkerAreStolen() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);
        try {
            for (int round = 0; round < 20; round++) {
                Blocker blocker = new Blocker(ex, 50);
                assertTrue(ex.blockOn(blocker), "round " + round + ": children left unrun: " + blocker.ran.getCount());
            }
            WorkStealingTestSupport.awaitTrue("all tasks complete", 5, () -> ex.liveTaskCount() == 0);
            assertEquals(0, ex.queuedTaskCount());
        } finally {
            terminate(ex);
        }
    }

    /**
     * Shutdown while spawns wait on a worker's deque (both workers stuck in a poll, so nobody can
     * run or steal them): each is cancelled without ever being polled, and the executor
     * terminates with no task left queued or live.
     */
    @Test
    @Timeout(30)
    void shutdownCancelsTasksWaitingOnASpawnDequeWithoutPollingThem() throws Exception {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);
        CountDownLatch go = new CountDownLatch(1);
        Controlled<String> stuck = new Controlled<>();
        stuck.holdFirstPoll = go;
        ex.spawn(stuck);
        WorkStealingTestSupport.await(stuck.insideFirstPoll); // one worker is held

        List<Controlled<String>> children = new ArrayList<>();
        CountDownLatch spawned = new CountDownLatch(1);
        ex.spawn(new Future<String>() {
            @Override
            public Poll<String> poll(Context cx) {
                for (int i = 0; i < 20; i++) {
                    Controlled<String> child = new Controlled<>();
                    children.add(child);
                    ex.spawn(child);
                }
                spawned.countDown();
                WorkStealingTestSupport.await(go); // the other worker is held, its deque full
                return Poll.ready("spawner");
            }
        });
        WorkStealingTestSupport.await(spawned);
        assertEquals(20, ex.queuedTaskCount(), "the children wait on the spawner's deque");

        ex.shutdown();
        go.countDown();
        assertTrue(ex.awaitTermination(10, TimeUnit.SECONDS), "terminated");
        for (Thread t : ex.threads()) {
            assertFalse(t.isAlive(), t.getName() + " still alive");
        }
        assertEquals(0, ex.queuedTaskCount(), "tasks left in queues");
        assertEquals(0, ex.liveTaskCount(), "tasks never completed");
        assertEquals(1, stuck.cancels.get(), "the held task suspended after shutdown: cancelled");
        for (Controlled<String> child : children) {
            assertEquals(1, child.cancels.get());
            assertEquals(0, child.polls(), "a task queued at shutdown was polled");
        }
    }

    /**
     * A 1,111,111-node tree on one worker stays depth first: the periodic fairness spills nest a
     * few walks (a few hundred pending siblings), and the deque grows to hold them instead of
     * overflowing into the ring, where each overflowed subtree would soon start and widen the walk
     * further (with a fixed 256-slot deque that cascade kept tens of thousands of nodes alive).
     */
    @Test
    @Timeout(60)
    void aBigTreeStaysDepthFirstOnOneWorker() {
        WorkStealingExecutor one = WorkStealingExecutor.create(1);
        try {
            int leaves = 1_000_000;
            AtomicInteger maxAlive = new AtomicInteger();
            long sum = one.blockOn(new CountingTreeNode(one, new AtomicInteger(), maxAlive, 0, leaves));
            assertEquals((long) leaves * (leaves - 1) / 2, sum);
            assertTrue(maxAlive.get() <= 5_000, "nodes alive at once: " + maxAlive.get());
        } finally {
            terminate(one);
        }
    }
}
