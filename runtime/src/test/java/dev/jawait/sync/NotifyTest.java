package dev.jawait.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NotifyTest {

    @Test
    void notifyOneWithNobodyWaitingStoresASinglePermit() {
        Notify n = new Notify();
        n.notifyOne();
        n.notifyOne();
        n.notifyOne();
        assertTrue(new ManualTask<>(n.notified()).poll(), "the stored permit completes it");
        assertFalse(new ManualTask<>(n.notified()).poll(), "permits do not accumulate");
    }

    @Test
    void notifyOneWakesTheOldestWaiter() {
        Notify n = new Notify();
        ManualTask<Void> first = new ManualTask<>(n.notified());
        ManualTask<Void> second = new ManualTask<>(n.notified());
        assertFalse(first.poll());
        assertFalse(second.poll());
        n.notifyOne();
        assertTrue(first.woken());
        assertFalse(second.woken());
        assertTrue(first.poll());
        assertFalse(second.poll());
    }

    @Test
    void notifyWaitersCompletesFuturesCreatedBeforeItEvenIfNotPolled() {
        Notify n = new Notify();
        ManualTask<Void> polled = new ManualTask<>(n.notified());
        assertFalse(polled.poll());
        Future<Void> createdNotPolled = n.notified();
        n.notifyWaiters();
        Future<Void> createdAfter = n.notified();
        assertTrue(polled.woken());
        assertTrue(polled.poll());
        assertTrue(new ManualTask<>(createdNotPolled).poll());
        assertFalse(new ManualTask<>(createdAfter).poll(), "no permit is stored by notifyWaiters");
        assertEquals(1, n.waiterCount());
    }

    @Test
    void aCancelledWaiterForwardsTheNotificationItWasGiven() {
        Notify n = new Notify();
        ManualTask<Void> a = new ManualTask<>(n.notified());
        ManualTask<Void> b = new ManualTask<>(n.notified());
        assertFalse(a.poll());
        assertFalse(b.poll());
        n.notifyOne();
        a.cancel();
        assertTrue(b.woken(), "forwarded to the next waiter");
        assertTrue(b.poll());

        ManualTask<Void> c = new ManualTask<>(n.notified());
        assertFalse(c.poll());
        n.notifyOne();
        c.cancel();
        assertTrue(new ManualTask<>(n.notified()).poll(), "with no waiter left it became the permit");
        assertEquals(0, n.waiterCount());
    }

    @Test
    void pingPongBetweenTwoThreadsLosesNoNotification() throws Exception {
        Notify ping = new Notify();
        Notify pong = new Notify();
        int rounds = 5000;
        AtomicInteger pongs = new AtomicInteger();
        TestSupport.runThreads(2, id -> {
            for (int i = 0; i < rounds; i++) {
                if (id == 0) {
                    ping.notifyOne();
                    Await.blockOn(pong.notified());
                } else {
                    Await.blockOn(ping.notified());
                    pongs.incrementAndGet();
                    pong.notifyOne();
                }
            }
        });
        assertEquals(rounds, pongs.get());
    }
}
