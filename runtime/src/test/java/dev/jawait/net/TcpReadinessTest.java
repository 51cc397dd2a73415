package dev.jawait.net;

import static dev.jawait.Await.blockOn;
import static dev.jawait.net.NetTesting.ascii;
import static dev.jawait.net.NetTesting.pendingDeadlines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Future;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TcpStream#readable} and {@link TcpStream#tryRead}: waiting for bytes without a buffer. */
@Timeout(20)
class TcpReadinessTest extends ReactorTestBase {
    @Test
    void readableCompletesWhenThePeerWritesAndTryReadTakesTheBytes() throws Exception {
        try (Connection c = connect()) {
            TcpStream client = c.client();
            TcpStream server = c.server();
            ByteBuffer in = ByteBuffer.allocate(16);
            assertEquals(0, server.tryRead(in), "nothing has arrived");

            ReactorTimerTest.RecordingWaker waker = new ReactorTimerTest.RecordingWaker();
            Future<Void> readable = server.readable();
            assertTrue(readable.poll(Context.of(waker)).isPending());
            assertTrue(readable.poll(Context.of(waker)).isPending(), "still nothing to read");
            Thread.sleep(50);
            assertEquals(1, waker.woken.getCount(), "not woken while the socket is silent");

            blockOn(client.writeAll(ascii("hello")));
            assertTrue(waker.woken.await(10, TimeUnit.SECONDS), "woken when bytes arrive");
            assertTrue(readable.poll(Context.of(waker)).isReady());
            assertEquals(5, server.tryRead(in));
            assertEquals("hello", new String(in.array(), 0, 5, StandardCharsets.US_ASCII));
            assertEquals(0, server.tryRead(in));
            assertEquals(0, TcpStreamTest.clientRegistration(server).wantedOps(), "interest withdrawn");
        }
    }

    @Test
    void readableSeesEndOfStreamAndTryReadReportsIt() throws Exception {
        try (Connection c = connect()) {
            TcpStream client = c.client();
            TcpStream server = c.server();
            Thread peer = new Thread(() -> {
                try {
                    Thread.sleep(50);
                    client.shutdownOutput();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            peer.start();
            blockOn(server.readable());
            peer.join();
            assertEquals(-1, server.tryRead(ByteBuffer.allocate(4)));
        }
    }

    @Test
    void readableTimesOutAndCancellingReleasesEverything() throws Exception {
        try (Connection c = connect()) {
            TcpStream client = c.client();
            TcpStream server = c.server();
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> blockOn(server.readable(Duration.ofMillis(60))));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(60).toNanos(), "not early");
            assertEquals(0, pendingDeadlines(reactor));

            Future<Void> readable = server.readable(Duration.ofSeconds(30));
            assertTrue(readable.poll(Context.of(dev.jawait.Waker.noop())).isPending());
            assertEquals(1, pendingDeadlines(reactor));
            readable.cancel();
            assertEquals(0, pendingDeadlines(reactor), "the timeout went with it");
            assertEquals(0, TcpStreamTest.clientRegistration(server).wantedOps(), "and the interest");
            assertTrue(server.isOpen());
        }
    }

    @Test
    void closingTheStreamCompletesAPendingReadableAndTryReadThenFails() throws Exception {
        try (Connection c = connect()) {
            TcpStream client = c.client();
            TcpStream server = c.server();
            ReactorTimerTest.RecordingWaker waker = new ReactorTimerTest.RecordingWaker();
            Future<Void> readable = server.readable();
            assertTrue(readable.poll(Context.of(waker)).isPending());
            server.close();
            assertTrue(waker.woken.await(10, TimeUnit.SECONDS));
            assertTrue(readable.poll(Context.of(waker)).isReady());
            assertThrows(ClosedChannelException.class, () -> server.tryRead(ByteBuffer.allocate(4)));
        }
    }
}
