package dev.jawait.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SemaphoreTest {

    @Test
    void aLargeRequestAtTheHeadIsNotOvertakenBySmallOnes() {
        Semaphore s = new Semaphore(2);
        ManualTask<Void> big = new ManualTask<>(s.acquire(3));
        ManualTask<Void> small = new ManualTask<>(s.acquire(1));
        assertFalse(big.poll(), "needs 3, only 2 free: queues, collecting the 2");
        assertFalse(small.poll(), "queued behind big even though it needs only 1");
        assertEquals(0, s.availablePermits());
        assertFalse(s.tryAcquire(), "tryAcquire never barges past waiters");
        s.release(1);
        assertTrue(big.woken());
        assertFalse(small.woken());
        assertTrue(big.poll());
        s.release(1);
        assertTrue(small.woken());
        assertTrue(small.poll());
        assertEquals(0, s.queueLength());
    }

    @Test
    void cancellingAQueuedAcquireReturnsWhatItCollected() {
        Semaphore s = new Semaphore(2);
        ManualTask<Void> a = new ManualTask<>(s.acquire(3));
        ManualTask<Void> b = new ManualTask<>(s.acquire(2));
        assertFalse(a.poll());
        assertFalse(b.poll());
        a.cancel();
        assertTrue(b.woken(), "a's two collected permits went to b");
        assertTrue(b.poll());
        assertEquals(0, s.availablePermits());
        assertEquals(0, s.queueLength());
    }

    @Test
    void cancellingAGrantedAcquireReturnsAllItsPermits() {
        Semaphore s = new Semaphore(0);
        ManualTask<Void> a = new ManualTask<>(s.acquire(2));
        assertFalse(a.poll());
        s.release(2);
        assertTrue(a.woken());
        a.cancel();
        assertEquals(2, s.availablePermits());
        a.cancel(); // idempotent: nothing released twice
        assertEquals(2, s.availablePermits());
    }

    @Test
    void closingFailsEveryWaiterAndLaterAcquires() {
        Semaphore s = new Semaphore(1);
        ManualTask<Void> a = new ManualTask<>(s.acquire(2));
        assertFalse(a.poll());
        s.close();
        assertTrue(a.woken());
        assertTrue(a.poll());
        assertInstanceOf(SemaphoreClosedException.class, a.failure());
        assertEquals(1, s.availablePermits(), "collected permits went back to the pool");
        assertThrows(SemaphoreClosedException.class, () -> Await.blockOn(s.acquire()));
        assertThrows(SemaphoreClosedException.class, s::tryAcquire);
    }

    @Test
    void neverMorePermitsInUseThanExistUnderContentionWithCancellations() throws Exception {
        int permits = 3;
        Semaphore s = new Semaphore(permits);
        AtomicInteger inUse = new AtomicInteger();
        TestSupport.runThreads(6, id -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < 2000; i++) {
                int n = 1 + rnd.nextInt(2);
                if (rnd.nextInt(6) == 0) {
                    ManualTask<Void> attempt = new ManualTask<>(s.acquire(n));
                    if (attempt.poll()) {
                        s.release(n);
                    } else {
                        attempt.cancel();
                    }
                }
                Await.blockOn(s.acquire(n));
                int now = inUse.addAndGet(n);
                assertTrue(now <= permits, "over-subscribed: " + now);
                inUse.addAndGet(-n);
                s.release(n);
            }
        });
        assertEquals(permits, s.availablePermits(), "no permit leaked or invented");
        assertEquals(0, s.queueLength());
    }
}
