package dev.jawait.net;

import static dev.jawait.Await.blockOn;
import static dev.jawait.net.NetTesting.pendingDeadlines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Waker;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reactor's own timer: operation timeouts and sleeps share it, fired by the reactor thread. */
@Timeout(20)
class ReactorTimerTest extends ReactorTestBase {
    /** Records the thread that woke it. */
    static final class RecordingWaker extends Waker {
        final CountDownLatch woken = new CountDownLatch(1);
        volatile Thread wokenOn;

        @Override
        public void wakeByRef() {
            wokenOn = Thread.currentThread();
            woken.countDown();
        }
    }

    @Test
    void anEarlierSleepWakesASelectorThatSleepsUntilALaterOne() throws Exception {
        Future<Void> far = reactor.timer().sleep(Duration.ofSeconds(60));
        assertTrue(far.poll(Context.of(Waker.noop())).isPending());
        Thread.sleep(100); // let the reactor settle into its select until the far deadline

        RecordingWaker waker = new RecordingWaker();
        Future<Void> near = reactor.timer().sleep(Duration.ofMillis(50));
        assertTrue(near.poll(Context.of(waker)).isPending());
        // Without the selector wakeup this would wait for the 60 s deadline and time the test out.
        assertTrue(waker.woken.await(10, TimeUnit.SECONDS), "the near sleep fired");
        assertEquals(reactorThread(), waker.wokenOn, "fired by the reactor thread");
        assertTrue(near.poll(Context.of(waker)).isReady());
        assertEquals(1, pendingDeadlines(reactor), "the far sleep is still pending");
        far.cancel();
        assertEquals(0, pendingDeadlines(reactor), "cancelling removes it at once");
    }

    @Test
    void aReadTimeoutIsASleepOnTheReactorTimerAndGoesWithTheRead() throws Exception {
        try (Connection c = connect()) {
            TcpStream client = c.client();
            TcpStream server = c.server();
            Future<Integer> read = server.read(ByteBuffer.allocate(8), Duration.ofSeconds(30));
            assertTrue(read.poll(Context.of(Waker.noop())).isPending());
            assertEquals(1, pendingDeadlines(reactor), "one timer entry for the read");
            read.cancel();
            assertEquals(0, pendingDeadlines(reactor), "cancelled with the read");

            // A timeout that fires: not before its deadline, and the stream stays open.
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class,
                    () -> blockOn(server.read(ByteBuffer.allocate(8), Duration.ofMillis(80))));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(80).toNanos(), "not early");
            assertTrue(client.isOpen() && server.isOpen());
        }
    }

    @Test
    void closingTheReactorFailsPendingSleeps() throws Exception {
        RecordingWaker waker = new RecordingWaker();
        Future<Void> sleep = reactor.timer().sleep(Duration.ofSeconds(60));
        assertTrue(sleep.poll(Context.of(waker)).isPending());
        reactor.close();
        assertTrue(waker.woken.await(10, TimeUnit.SECONDS), "woken by the shutdown");
        assertThrows(IllegalStateException.class, () -> sleep.poll(Context.of(waker)));
        assertThrows(IllegalStateException.class, () -> blockOn(reactor.timer().sleep(Duration.ofSeconds(1))));
    }

    private Thread reactorThread() throws Exception {
        java.util.concurrent.CompletableFuture<Thread> t = new java.util.concurrent.CompletableFuture<>();
        reactor.submit(r -> t.complete(Thread.currentThread()));
        return t.get(10, TimeUnit.SECONDS);
    }
}
