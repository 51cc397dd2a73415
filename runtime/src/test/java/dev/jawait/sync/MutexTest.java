package dev.jawait.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MutexTest {

    @Test
    void guardGivesAccessToTheValueUntilUnlocked() {
        Mutex<List<String>> m = new Mutex<>(new ArrayList<>());
        try (Mutex.Guard<List<String>> g = Await.blockOn(m.lock())) {
            g.get().add("x");
            assertTrue(m.isLocked());
            assertNull(m.tryLock());
        }
        assertFalse(m.isLocked());
        Mutex.Guard<List<String>> g = m.tryLock();
        assertNotNull(g);
        assertEquals(List.of("x"), g.get());
        g.unlock();
        assertThrows(IllegalStateException.class, g::unlock);
        assertThrows(IllegalStateException.class, g::get);
        g.close(); // no-op after unlock
    }

    @Test
    void waitersGetTheLockInTheOrderTheyQueuedOnRealThreads() throws Exception {
        Mutex<List<Integer>> m = new Mutex<>(Collections.synchronizedList(new ArrayList<>()));
        Mutex.Guard<List<Integer>> held = m.tryLock();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                Mutex.Guard<List<Integer>> g = Await.blockOn(m.lock());
                g.get().add(id);
                g.unlock();
            });
            t.start();
            threads.add(t);
            int queued = i + 1;
            TestSupport.eventually("thread " + i + " queued", () -> m.queueLength() == queued);
        }
        held.unlock();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), Await.blockOn(m.lock()).get());
    }

    @Test
    void cancellingAQueuedLockLeavesTheQueue() {
        Mutex<Void> m = new Mutex<>();
        Mutex.Guard<Void> held = m.tryLock();
        ManualTask<Mutex.Guard<Void>> a = new ManualTask<>(m.lock());
        ManualTask<Mutex.Guard<Void>> b = new ManualTask<>(m.lock());
        assertFalse(a.poll());
        assertFalse(b.poll());
        assertEquals(2, m.queueLength());
        a.cancel();
        assertEquals(1, m.queueLength());
        assertEquals(1, a.waker.drops.get(), "the cancelled waiter's waker is released");
        held.unlock();
        assertFalse(a.woken());
        assertTrue(b.woken());
        assertTrue(b.poll());
        b.value().unlock();
        assertFalse(m.isLocked());
    }

    @Test
    void cancellingALockThatWasAlreadyGrantedPassesItOn() {
        Mutex<Void> m = new Mutex<>();
        Mutex.Guard<Void> held = m.tryLock();
        ManualTask<Mutex.Guard<Void>> a = new ManualTask<>(m.lock());
        ManualTask<Mutex.Guard<Void>> b = new ManualTask<>(m.lock());
        assertFalse(a.poll());
        assertFalse(b.poll());
        held.unlock();
        assertTrue(a.woken(), "the lock was handed to a");
        a.cancel(); // ...but a is cancelled before it observes it
        assertTrue(b.woken(), "the lock passes on to b");
        assertTrue(b.poll());
        b.value().unlock();
        assertFalse(m.isLocked(), "nothing is stuck");
        assertInstanceOf(IllegalStateException.class, a.pollFailure());
    }

    @Test
    void mutualExclusionHoldsUnderContentionWithRandomCancellations() throws Exception {
        Mutex<int[]> m = new Mutex<>(new int[1]);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        int threads = 4;
        int increments = 3000;
        TestSupport.runThreads(threads, id -> {
            for (int i = 0; i < increments; i++) {
                if (ThreadLocalRandom.current().nextInt(8) == 0) {
                    // A lock attempt abandoned mid-flight: may be queued or even granted.
                    ManualTask<Mutex.Guard<int[]>> attempt = new ManualTask<>(m.lock());
                    if (attempt.poll()) {
                        attempt.value().unlock();
                    } else {
                        Thread.onSpinWait();
                        attempt.cancel();
                        cancelled.incrementAndGet();
                    }
                }
                Mutex.Guard<int[]> g = Await.blockOn(m.lock());
                assertEquals(1, inside.incrementAndGet(), "two holders at once");
                g.get()[0]++;
                inside.decrementAndGet();
                g.unlock();
            }
        });
        Mutex.Guard<int[]> g = m.tryLock();
        assertNotNull(g, "lock free at the end");
        assertEquals(threads * increments, g.get()[0]);
        assertEquals(0, m.queueLength());
    }
}
