package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The run queue ring on its own: FIFO order, overflow, and steal-half under real contention. */
class WorkStealingLocalQueueTest {

    private static List<WsTask> tasks(int n) {
        List<WsTask> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new WsTask(null));
        }
        return list;
    }

    @Test
    @Timeout(10)
    void popsInFifoOrder() {
        WsLocalQueue q = new WsLocalQueue(new WsInjectQueue());
        List<WsTask> ts = tasks(100);
        for (int round = 0; round < 5; round++) { // indices wrap around the ring several times
            ts.forEach(q::pushBack);
            assertEquals(100, q.size());
            for (WsTask t : ts) {
                assertSame(t, q.pop());
            }
            assertNull(q.pop());
        }
    }

    @Test
    @Timeout(10)
    void overflowMovesTheOldestHalfAndTheNewTaskToTheInjectionQueue() {
        WsInjectQueue inject = new WsInjectQueue();
        WsLocalQueue q = new WsLocalQueue(inject);
        List<WsTask> ts = tasks(WsLocalQueue.CAPACITY + 1);
        ts.forEach(q::pushBack);
        assertEquals(WsLocalQueue.HALF, q.size());
        assertEquals(WsLocalQueue.HALF + 1, inject.size());
        for (int i = 0; i < WsLocalQueue.HALF; i++) {
            assertSame(ts.get(i), inject.pop());
        }
        assertSame(ts.get(WsLocalQueue.CAPACITY), inject.pop());
        for (int i = WsLocalQueue.HALF; i < WsLocalQueue.CAPACITY; i++) {
            assertSame(ts.get(i), q.pop());
        }
        assertNull(q.pop());
    }

    @Test
    @Timeout(10)
    void stealTakesHalfRoundedUp() {
        WsLocalQueue victim = new WsLocalQueue(new WsInjectQueue());
        WsLocalQueue thief = new WsLocalQueue(new WsInjectQueue());
        List<WsTask> ts = tasks(7);
        ts.forEach(victim::pushBack);
        WsTask first = victim.stealInto(thief);
        // 4 taken: the oldest three land in the thief's ring, the fourth is returned to run.
        assertSame(ts.get(3), first);
        assertEquals(3, thief.size());
        assertEquals(3, victim.size());
        assertSame(ts.get(0), thief.pop());
        assertSame(ts.get(4), victim.pop());
    }

    /**
     * One owner pushes (and sometimes pops) while three stealers steal into their own rings and
     * drain them; every task must be taken exactly once, none lost and none duplicated.
     */
    @Test
    @Timeout(30)
    void everyTaskIsTakenExactlyOnceUnderContention() throws Exception {
        int total = 300_000;
        WsInjectQueue inject = new WsInjectQueue();
        WsLocalQueue owner = new WsLocalQueue(inject);
        List<WsTask> ts = tasks(total);
        Map<WsTask, Boolean> seen = new ConcurrentHashMap<>();
        AtomicBoolean duplicate = new AtomicBoolean();
        AtomicBoolean ownerDone = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);

        List<Thread> stealers = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Thread t = new Thread(() -> {
                WsLocalQueue mine = new WsLocalQueue(inject);
                WorkStealingTestSupport.await(start);
                while (!ownerDone.get() || !owner.isEmpty()) {
                    WsTask got = owner.stealInto(mine);
                    while (got != null) {
                        if (seen.put(got, Boolean.TRUE) != null) {
                            duplicate.set(true);
                        }
                        got = mine.pop();
                    }
                }
            });
            t.start();
            stealers.add(t);
        }
        start.countDown();
        int i = 0;
        while (i < total) {
            owner.pushBack(ts.get(i++));
            if ((i & 3) == 0) {
                WsTask got = owner.pop();
                if (got != null && seen.put(got, Boolean.TRUE) != null) {
                    duplicate.set(true);
                }
            }
        }
        ownerDone.set(true);
        for (WsTask got; (got = owner.pop()) != null; ) {
            if (seen.put(got, Boolean.TRUE) != null) {
                duplicate.set(true);
            }
        }
        for (Thread t : stealers) {
            t.join();
        }
        for (WsTask got; (got = inject.pop()) != null; ) {
            if (seen.put(got, Boolean.TRUE) != null) {
                duplicate.set(true);
            }
        }
        assertTrue(!duplicate.get(), "a task was taken twice");
        assertEquals(total, seen.size(), "tasks lost");
    }
}
