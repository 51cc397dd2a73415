package dev.jawait.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BroadcastTest {

    @Test
    void everySubscriberGetsEveryMessageSentAfterItSubscribed() {
        Broadcast<String> b = Broadcast.create(8);
        assertEquals(0, b.send("before anyone"));
        Broadcast.Subscriber<String> s1 = b.subscribe();
        assertEquals(1, b.send("a"));
        Broadcast.Subscriber<String> s2 = b.subscribe();
        assertEquals(2, b.send("b"));
        assertEquals("a", Await.blockOn(s1.receive()));
        assertEquals("b", Await.blockOn(s1.receive()));
        assertEquals("b", Await.blockOn(s2.receive()));
        assertNull(s1.tryReceive());
        s2.close();
        assertEquals(1, b.subscriberCount());
    }

    @Test
    void aLaggingSubscriberIsToldHowManyItMissedThenContinuesFromTheOldestHeld() {
        Broadcast<Integer> b = Broadcast.create(4);
        Broadcast.Subscriber<Integer> slow = b.subscribe();
        for (int i = 0; i < 10; i++) {
            b.send(i);
        }
        LaggedException lag = assertThrows(LaggedException.class, () -> Await.blockOn(slow.receive()));
        assertEquals(6, lag.missed());
        List<Integer> rest = new ArrayList<>();
        for (Integer m = slow.tryReceive(); m != null; m = slow.tryReceive()) {
            rest.add(m);
        }
        assertEquals(List.of(6, 7, 8, 9), rest);
    }

    @Test
    void sendWakesEveryWaitingSubscriberAndCloseWakesThemToo() {
        Broadcast<String> b = Broadcast.create(2);
        List<Broadcast.Subscriber<String>> subs = new ArrayList<>();
        List<ManualTask<String>> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Broadcast.Subscriber<String> s = b.subscribe();
            subs.add(s);
            ManualTask<String> t = new ManualTask<>(s.receive());
            assertFalse(t.poll());
            waits.add(t);
        }
        assertEquals(5, b.waitingReceivers());
        b.send("x");
        for (ManualTask<String> t : waits) {
            assertTrue(t.woken());
            assertTrue(t.poll());
            assertEquals("x", t.value());
        }
        List<ManualTask<String>> again = new ArrayList<>();
        for (Broadcast.Subscriber<String> s : subs) {
            ManualTask<String> t = new ManualTask<>(s.receive());
            assertFalse(t.poll());
            again.add(t);
        }
        b.close();
        for (ManualTask<String> t : again) {
            assertTrue(t.woken());
            assertTrue(t.poll());
            assertInstanceOf(ChannelClosedException.class, t.failure());
        }
        assertEquals(0, b.waitingReceivers());
        assertThrows(ChannelClosedException.class, () -> b.send("late"));
    }

    @Test
    void cancelledReceiveLeavesNoWaiterAndLosesNothing() {
        Broadcast<Integer> b = Broadcast.create(4);
        Broadcast.Subscriber<Integer> s = b.subscribe();
        ManualTask<Integer> t = new ManualTask<>(s.receive());
        assertFalse(t.poll());
        b.send(1);
        t.cancel();
        assertEquals(0, b.waitingReceivers());
        assertEquals(1, s.tryReceive());
    }

    @Test
    void concurrentSubscribersSeeAnOrderedStreamAndAccountForEveryMessage() throws Exception {
        int total = 20_000;
        Broadcast<Integer> b = Broadcast.create(64);
        List<Broadcast.Subscriber<Integer>> subs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            subs.add(b.subscribe());
        }
        AtomicLong accounted = new AtomicLong();
        TestSupport.runThreads(4, id -> {
            if (id == 3) {
                for (int i = 0; i < total; i++) {
                    b.send(i);
                    if ((i & 255) == 0) {
                        Thread.yield();
                    }
                }
                b.close();
                return;
            }
            Broadcast.Subscriber<Integer> s = subs.get(id);
            int last = -1;
            long received = 0;
            long missed = 0;
            for (;;) {
                try {
                    int m = Await.blockOn(s.receive());
                    assertTrue(m > last, "in order");
                    // Messages between last and m were reported as missed, never silently skipped.
                    received++;
                    last = m;
                } catch (LaggedException lag) {
                    missed += lag.missed();
                } catch (dev.jawait.channel.ChannelClosedException closed) {
                    break;
                }
            }
            assertEquals(total, received + missed, "received + reported missed = sent");
            accounted.addAndGet(received + missed);
        });
        assertEquals(3L * total, accounted.get());
    }
}
