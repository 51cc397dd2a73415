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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OneshotTest {

    @Test
    void valueSentFromAnotherThreadWakesTheReceiver() throws Exception {
        Oneshot<String> chan = Oneshot.create();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            assertTrue(chan.sender().send("hello"));
        });
        t.start();
        assertEquals("hello", Await.blockOn(chan.receiver()));
        t.join();
    }

    @Test
    void nullIsAValue() {
        Oneshot<String> chan = Oneshot.create();
        assertTrue(chan.sender().send(null));
        assertNull(Await.blockOn(chan.receiver()));
    }

    @Test
    void closingTheSenderWithoutSendingFailsTheReceiver() {
        Oneshot<String> chan = Oneshot.create();
        ManualTask<String> rx = new ManualTask<>(chan.receiver());
        assertFalse(rx.poll());
        chan.sender().close();
        assertTrue(rx.woken());
        assertTrue(rx.poll());
        assertInstanceOf(ChannelClosedException.class, rx.failure());
        assertInstanceOf(IllegalStateException.class, rx.pollFailure(), "polled after completion");
    }

    @Test
    void aClosedReceiverMakesSendReturnFalse() {
        Oneshot<String> chan = Oneshot.create();
        ManualTask<String> rx = new ManualTask<>(chan.receiver());
        assertFalse(rx.poll());
        rx.cancel();
        assertEquals(1, rx.waker.drops.get(), "cancel releases the stored waker");
        assertTrue(chan.sender().isReceiverClosed());
        assertFalse(chan.sender().send("lost"));
    }

    @Test
    void sendingTwiceIsAnError() {
        Oneshot<Integer> chan = Oneshot.create();
        assertTrue(chan.sender().send(1));
        assertThrows(IllegalStateException.class, () -> chan.sender().send(2));
        chan.sender().close(); // no effect after a send
        assertEquals(1, Await.blockOn(chan.receiver()));
    }

    @Test
    void sendRacingRegistrationNeverLosesTheWakeup() throws Exception {
        // Many rounds of: receiver registers on one thread while the value is sent on another.
        AtomicInteger delivered = new AtomicInteger();
        for (int round = 0; round < 500; round++) {
            Oneshot<Integer> chan = Oneshot.create();
            int value = round;
            Thread sender = new Thread(() -> chan.sender().send(value));
            sender.start();
            assertEquals(value, Await.blockOn(chan.receiver()));
            delivered.incrementAndGet();
            sender.join();
        }
        assertEquals(500, delivered.get());
    }

    @Test
    void closeRacingRegistrationAlwaysFailsTheReceiver() throws Exception {
        TestSupport.runThreads(1, id -> {
            for (int round = 0; round < 500; round++) {
                Oneshot<Integer> chan = Oneshot.create();
                Thread closer = new Thread(chan.sender()::close);
                closer.start();
                assertThrows(ChannelClosedException.class, () -> Await.blockOn(chan.receiver()));
                closer.join();
            }
        });
    }
}
