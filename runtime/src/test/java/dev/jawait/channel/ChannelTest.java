package dev.jawait.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChannelTest {

    @Test
    void boundedChannelAppliesBackPressure() {
        Channel<Integer> ch = Channel.bounded(2);
        assertTrue(ch.trySend(1));
        assertTrue(ch.trySend(2));
        assertFalse(ch.trySend(3), "full");
        ManualTask<Void> send = new ManualTask<>(ch.send(3));
        assertFalse(send.poll(), "a send into a full channel waits");
        assertEquals(1, ch.waitingSenders());
        assertFalse(ch.trySend(4), "trySend never overtakes a waiting send");

        assertEquals(1, ch.tryReceive());
        assertTrue(send.woken(), "space freed: the waiting send is woken");
        assertEquals(1, ch.size(), "the freed slot is reserved, not yet filled");
        assertFalse(ch.trySend(5), "the reserved slot is not available to others");
        assertTrue(send.poll());
        assertEquals(List.of(2, 3), drain(ch));
        assertEquals(0, ch.waitingSenders());
    }

    @Test
    void unboundedChannelNeverWaits() {
        Channel<Integer> ch = Channel.unbounded();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(new ManualTask<>(ch.send(i)).poll());
        }
        assertEquals(10_000, ch.size());
        assertEquals(0, ch.tryReceive());
    }

    @Test
    void cancellingAGrantedSendPassesTheSlotToTheNextSender() {
        Channel<String> ch = Channel.bounded(1);
        assertTrue(ch.trySend("a"));
        ManualTask<Void> s1 = new ManualTask<>(ch.send("s1"));
        ManualTask<Void> s2 = new ManualTask<>(ch.send("s2"));
        assertFalse(s1.poll());
        assertFalse(s2.poll());
        assertEquals("a", ch.tryReceive());
        assertTrue(s1.woken());
        assertFalse(s2.woken(), "FIFO: only the oldest sender gets the slot");
        s1.cancel();
        assertTrue(s2.woken(), "the cancelled send's slot passes on");
        assertTrue(s2.poll());
        assertEquals(List.of("s2"), drain(ch), "a cancelled send sent nothing");
    }

    @Test
    void cancellingAQueuedSendLeavesNoWaiterBehind() {
        Channel<String> ch = Channel.bounded(1);
        assertTrue(ch.trySend("a"));
        List<ManualTask<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ManualTask<Void> s = new ManualTask<>(ch.send("s" + i));
            assertFalse(s.poll());
            sends.add(s);
        }
        assertEquals(10, ch.waitingSenders());
        sends.forEach(ManualTask::cancel);
        assertEquals(0, ch.waitingSenders());
        assertEquals(List.of("a"), drain(ch));
    }

    @Test
    void aWokenReceiverThatIsCancelledPassesTheMessageOn() {
        Channel<String> ch = Channel.unbounded();
        ManualTask<String> r1 = new ManualTask<>(ch.receive());
        ManualTask<String> r2 = new ManualTask<>(ch.receive());
        assertFalse(r1.poll());
        assertFalse(r2.poll());
        assertEquals(2, ch.waitingReceivers());
        assertTrue(ch.trySend("m"));
        assertTrue(r1.woken());
        assertFalse(r2.woken(), "one message wakes one receiver");
        r1.cancel();
        assertTrue(r2.woken(), "the cancelled receiver's wake-up passes on");
        assertTrue(r2.poll());
        assertEquals("m", r2.value());
        assertEquals(0, ch.waitingReceivers());
        assertEquals(0, ch.size());
    }

    @Test
    void closingWakesEveryWaiterAndReceiversDrainFirst() {
        Channel<String> full = Channel.bounded(1);
        assertTrue(full.trySend("kept"));
        List<ManualTask<Void>> senders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ManualTask<Void> s = new ManualTask<>(full.send("late" + i));
            assertFalse(s.poll());
            senders.add(s);
        }
        Channel<String> empty = Channel.unbounded();
        List<ManualTask<String>> receivers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ManualTask<String> r = new ManualTask<>(empty.receive());
            assertFalse(r.poll());
            receivers.add(r);
        }

        full.close();
        empty.close();

        for (int i = 0; i < senders.size(); i++) {
            ManualTask<Void> s = senders.get(i);
            assertEquals(1, s.waker.wakes(), "every waiting sender is woken");
            assertTrue(s.poll());
            ChannelClosedException e = assertInstanceOf(ChannelClosedException.class, s.failure());
            assertEquals("late" + i, e.undelivered(), "the failure carries the undelivered message");
        }
        for (ManualTask<String> r : receivers) {
            assertEquals(1, r.waker.wakes(), "every waiting receiver is woken");
            assertTrue(r.poll());
            assertInstanceOf(ChannelClosedException.class, r.failure());
        }
        assertEquals(0, full.waitingSenders());
        assertEquals(0, empty.waitingReceivers());
        // The message already in the closed channel is still delivered, then it reports closed.
        assertEquals("kept", Await.blockOn(full.receive()));
        assertThrows(ChannelClosedException.class, () -> Await.blockOn(full.receive()));
        assertThrows(ChannelClosedException.class, full::tryReceive);
        assertThrows(ChannelClosedException.class, () -> full.trySend("x"));
        assertThrows(ChannelClosedException.class, () -> Await.blockOn(full.send("x")));
    }

    @Test
    void receiveIsCancellationSafe() {
        Channel<Integer> ch = Channel.unbounded();
        for (int round = 0; round < 100; round++) {
            ManualTask<Integer> r = new ManualTask<>(ch.receive());
            assertFalse(r.poll());
            ch.trySend(round);
            r.cancel(); // cancelled after the message arrived but before it was taken
            assertEquals(round, ch.tryReceive(), "the message stayed in the channel");
        }
        assertNull(ch.tryReceive());
    }

    /**
     * Many producers, several consumers, and receives cancelled at random while sends race them:
     * every message is received exactly once, and each consumer sees each producer's messages in
     * order.
     */
    @Test
    void manyProducersAndConsumersRacingCancellationsLoseAndDuplicateNothing() throws Exception {
        int producers = 4;
        int perProducer = 5_000;
        int consumers = 3;
        Channel<Long> ch = Channel.bounded(16);
        ConcurrentHashMap<Long, Integer> seen = new ConcurrentHashMap<>();
        AtomicInteger cancelledReceives = new AtomicInteger();
        AtomicInteger finishedProducers = new AtomicInteger();
        TestSupport.runThreads(producers + consumers, id -> {
            if (id < producers) {
                for (int i = 0; i < perProducer; i++) {
                    long msg = ((long) id << 32) | i;
                    if ((i & 1) == 0) {
                        Await.blockOn(ch.send(msg));
                    } else {
                        while (!ch.trySend(msg)) {
                            Thread.onSpinWait();
                        }
                    }
                }
                if (finishedProducers.incrementAndGet() == producers) {
                    ch.close();
                }
                return;
            }
            long[] lastPerProducer = new long[producers];
            java.util.Arrays.fill(lastPerProducer, -1);
            for (;;) {
                Long m;
                try {
                    m = receiveCancellingAtRandom(ch, cancelledReceives);
                } catch (ChannelClosedException closed) {
                    return;
                }
                if (m == null) {
                    continue; // that receive was cancelled
                }
                assertNull(seen.putIfAbsent(m, id), "duplicate " + Long.toHexString(m));
                int producer = (int) (m >>> 32);
                long seq = m & 0xffffffffL;
                assertTrue(seq > lastPerProducer[producer], "per-producer order");
                lastPerProducer[producer] = seq;
            }
        });
        assertEquals(producers * perProducer, seen.size(), "no message lost");
        assertEquals(0, ch.waitingReceivers());
        assertEquals(0, ch.waitingSenders());
        assertTrue(cancelledReceives.get() > 0, "the test did race cancellations");
    }

    /**
     * One receive polled by hand: either it completes, or it is cancelled after a random short
     * wait (possibly after it was woken for a message). Returns null when cancelled.
     */
    private static Long receiveCancellingAtRandom(Channel<Long> ch, AtomicInteger cancelled) {
        Future<Long> r = ch.receive();
        Thread me = Thread.currentThread();
        AtomicBoolean woken = new AtomicBoolean();
        Waker w = Waker.of(() -> {
            woken.set(true);
            LockSupport.unpark(me);
        });
        Context cx = Context.of(w);
        boolean cancelThisOne = ThreadLocalRandom.current().nextInt(4) == 0;
        for (;;) {
            Poll<Long> p = r.poll(cx);
            if (p.isReady()) {
                return p.get();
            }
            if (cancelThisOne) {
                // Give a send a chance to pick this receiver, then cancel it regardless.
                LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(20_000));
                r.cancel();
                cancelled.incrementAndGet();
                return null;
            }
            while (!woken.getAndSet(false)) {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    @Test
    void sendersBlockedOnAFullChannelAllGetThrough() throws Exception {
        Channel<Integer> ch = Channel.bounded(1);
        AtomicLong sum = new AtomicLong();
        TestSupport.runThreads(5, id -> {
            if (id == 0) {
                for (int i = 0; i < 4 * 1000; i++) {
                    sum.addAndGet(Await.blockOn(ch.receive()));
                }
            } else {
                for (int i = 1; i <= 1000; i++) {
                    Await.blockOn(ch.send(i));
                }
            }
        });
        assertEquals(4L * 1000 * 1001 / 2, sum.get());
    }

    @Test
    void receivePolledAfterCompletionThrows() {
        Channel<Integer> ch = Channel.unbounded();
        ch.trySend(1);
        ManualTask<Integer> r = new ManualTask<>(ch.receive());
        assertTrue(r.poll());
        assertInstanceOf(IllegalStateException.class, r.pollFailure());
        assertThrows(NullPointerException.class, () -> ch.trySend(null));
    }

    private static <T> List<T> drain(Channel<T> ch) {
        List<T> out = new ArrayList<>();
        for (T m = ch.tryReceive(); m != null; m = ch.tryReceive()) {
            out.add(m);
        }
        return out;
    }
}
