package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.events.TestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpLockTest {

    /** State guarded by the lock, deliberately plain: only the lock orders its accesses. */
    private static final class Guarded {
        long count;
        long left;
        long right;
    }

    /**
     * More threads than cores, each incrementing plain fields under the lock: no increment is lost
     * and no thread ever sees a half-made update (the two halves always equal), so the lock both
     * excludes and publishes.
     */
    @Test
    void excludesAndPublishesUnderContention() throws Exception {
        OpLock lock = new OpLock();
        Guarded g = new Guarded();
        int threads = 6;
        int perThread = 200_000;
        AtomicReference<String> torn = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                TestSupport.await(start);
                for (int i = 0; i < perThread; i++) {
                    lock.lock();
                    try {
                        if (g.left != g.right) {
                            torn.compareAndSet(null, g.left + " != " + g.right);
                        }
                        g.left++;
                        g.count++;
                        g.right++;
                    } finally {
                        lock.unlock();
                    }
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        assertEquals(null, torn.get(), "a holder saw another holder's half-made update");
        lock.lock();
        try {
            assertEquals((long) threads * perThread, g.count, "increments were lost");
        } finally {
            lock.unlock();
        }
    }

    /**
     * A holder that stays inside its section for a long time (as one descheduled there would):
     * waiters get past their spinning and yielding into naps, and every one of them still gets the
     * lock once it is released.
     */
    @Test
    void waitersOutlastALongHolder() throws Exception {
        OpLock lock = new OpLock();
        lock.lock();
        int waiters = 4;
        AtomicInteger entered = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger inside = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(waiters);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < waiters; t++) {
            Thread th = new Thread(() -> {
                started.countDown();
                lock.lock();
                try {
                    if (inside.incrementAndGet() != 1) {
                        overlapped.set(true);
                    }
                    entered.incrementAndGet();
                    inside.decrementAndGet();
                } finally {
                    lock.unlock();
                }
            });
            th.start();
            all.add(th);
        }
        started.await();
        Thread.sleep(200); // long past the spins and yields
        assertEquals(0, entered.get(), "a waiter got in while the lock was held");
        lock.unlock();
        for (Thread th : all) {
            th.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!th.isAlive(), "a waiter never got the lock after it was released");
        }
        assertEquals(waiters, entered.get());
        assertTrue(!overlapped.get(), "two waiters held the lock at once");
    }
}
