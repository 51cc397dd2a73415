package dev.jawait.net;

import static dev.jawait.Await.blockOn;
import static dev.jawait.net.NetTesting.anyLoopbackPort;
import static dev.jawait.net.NetTesting.ascii;
import static dev.jawait.net.NetTesting.pendingDeadlines;
import static dev.jawait.net.NetTesting.randomBytes;
import static dev.jawait.net.NetTesting.saturate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Future;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpTimeoutTest {
    private Reactor reactor;

    @BeforeEach
    void openReactor() throws Exception {
        reactor = Reactor.open();
    }

    @AfterEach
    void closeReactor() {
        reactor.close();
    }

    @Test
    void readTimesOutUnwrappedAndTheStreamStaysUsable() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept())) {
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                    () -> blockOn(server.read(ByteBuffer.allocate(8), Duration.ofMillis(100))));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(100).toNanos(), "fired early");
            assertTrue(e.getMessage().contains("timed out after 100 ms"), e.getMessage());
            assertTrue(server.isOpen());
            assertEquals(0, TcpStreamTest.clientRegistration(server).wantedOps(), "interest withdrawn");

            blockOn(client.writeAll(ascii("late")));
            ByteBuffer in = ByteBuffer.allocate(8);
            assertEquals(4, blockOn(server.read(in, Duration.ofSeconds(10))));
            assertEquals(0, pendingDeadlines(reactor), "completed operations leave no deadline behind");
        }
    }

    @Test
    void acceptTimesOutAndTheListenerStaysUsable() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort())) {
            assertThrows(SocketTimeoutException.class, () -> blockOn(listener.accept(Duration.ofMillis(50))));
            assertTrue(listener.isOpen());
            try (TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                    TcpStream server = blockOn(listener.accept(Duration.ofSeconds(10)))) {
                assertEquals(client.localAddress(), server.remoteAddress());
            }
        }
    }

    @Test
    void connectTimesOutAndClosesTheHalfOpenSocket() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort(), 1)) {
            List<TcpStream> filling = saturate(reactor, listener);
            try {
                int before = reactor.openSockets();
                Future<TcpStream> connect = reactor.connect(listener.localAddress(), Duration.ofMillis(100));
                assertThrows(SocketTimeoutException.class, () -> blockOn(connect));
                assertFalse(((ConnectFuture) connect).channel().isOpen());
                assertEquals(before, reactor.openSockets());
            } finally {
                filling.forEach(TcpStream::close);
            }
        }
    }

    @Test
    void writeAllTimesOutWhenThePeerDoesNotRead() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept())) {
            client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            server.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            ByteBuffer src = ByteBuffer.wrap(randomBytes(1, 8 * 1024 * 1024));
            assertThrows(SocketTimeoutException.class, () -> blockOn(client.writeAll(src, Duration.ofMillis(200))));
            assertTrue(src.position() > 0 && src.hasRemaining(), "partly written: " + src.position());
            assertTrue(client.isOpen());
        }
    }

    @Test
    void anOperationThatCanCompleteAtOnceWinsOverAnExpiredTimeout() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept())) {
            blockOn(client.writeAll(ascii("ready")));
            ByteBuffer in = ByteBuffer.allocate(5);
            // The data may take a moment to cross loopback; then a zero timeout still reads it.
            int n = 0;
            for (int i = 0; i < 100 && n == 0; i++) {
                try {
                    n = blockOn(server.read(in, Duration.ZERO));
                } catch (Exception e) {
                    assertTrue(e instanceof SocketTimeoutException, e.toString());
                    Thread.sleep(10);
                }
            }
            assertTrue(n > 0);
        }
    }

    @Test
    void manyTimeoutsFireInDeadlineOrder() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort())) {
            // Several streams, each with its own read deadline, all pending at once on one thread.
            int count = 8;
            TcpStream[] clients = new TcpStream[count];
            for (int i = 0; i < count; i++) {
                clients[i] = blockOn(reactor.connect(listener.localAddress()));
            }
            try (MiniExecutor executor = new MiniExecutor()) {
                java.util.concurrent.ConcurrentLinkedQueue<Integer> order = new java.util.concurrent.ConcurrentLinkedQueue<>();
                java.util.List<java.util.concurrent.CompletableFuture<Integer>> results = new java.util.ArrayList<>();
                for (int i = count - 1; i >= 0; i--) {
                    int id = i;
                    Future<Integer> read = clients[i].read(ByteBuffer.allocate(1), Duration.ofMillis(50 + 60L * i));
                    results.add(executor.spawn(cx -> {
                        try {
                            return read.poll(cx);
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Throwable t) {
                            order.add(id);
                            throw dev.jawait.internal.Sneaky.<RuntimeException>sneak(t);
                        }
                    }));
                }
                for (java.util.concurrent.CompletableFuture<Integer> r : results) {
                    java.util.concurrent.ExecutionException e = assertThrows(
                            java.util.concurrent.ExecutionException.class, () -> r.get(10, java.util.concurrent.TimeUnit.SECONDS));
                    assertTrue(e.getCause() instanceof SocketTimeoutException, e.getCause().toString());
                }
                assertEquals(java.util.List.of(0, 1, 2, 3, 4, 5, 6, 7), new java.util.ArrayList<>(order));
            } finally {
                for (TcpStream c : clients) {
                    c.close();
                }
            }
            assertEquals(0, pendingDeadlines(reactor));
        }
    }
}
