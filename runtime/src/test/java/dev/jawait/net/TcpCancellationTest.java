package dev.jawait.net;

import static dev.jawait.Await.blockOn;
import static dev.jawait.net.NetTesting.anyLoopbackPort;
import static dev.jawait.net.NetTesting.ascii;
import static dev.jawait.net.NetTesting.eventually;
import static dev.jawait.net.NetTesting.pendingDeadlines;
import static dev.jawait.net.NetTesting.pollOnce;
import static dev.jawait.net.NetTesting.saturate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Future;
import dev.jawait.Waker;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpCancellationTest {
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
    void cancelledConnectClosesTheHalfOpenSocket() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort(), 1)) {
            List<TcpStream> filling = saturate(reactor, listener);
            try {
                int before = reactor.openSockets();
                Future<TcpStream> connect = reactor.connect(listener.localAddress(), Duration.ofSeconds(30));
                assertTrue(pollOnce(connect, Waker.noop()).isPending());
                assertTrue(((ConnectFuture) connect).channel().isOpen());
                assertEquals(before + 1, reactor.openSockets());

                connect.cancel();
                assertFalse(((ConnectFuture) connect).channel().isOpen());
                assertEquals(before, reactor.openSockets());
                assertEquals(0, pendingDeadlines(reactor), "the 30 s deadline went with it");
                connect.cancel(); // idempotent
            } finally {
                filling.forEach(TcpStream::close);
            }
        }
    }

    @Test
    void cancelledReadDeregistersItsWakerButLeavesTheStreamOpen() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept())) {
            AtomicInteger staleWakes = new AtomicInteger();
            Future<Integer> read = server.read(ByteBuffer.allocate(8), Duration.ofSeconds(30));
            assertTrue(pollOnce(read, Waker.of(staleWakes::incrementAndGet)).isPending());
            Registration reg = TcpStreamTest.clientRegistration(server);
            assertTrue(reg.slot(SelectionKey.OP_READ).isOccupied());
            assertEquals(SelectionKey.OP_READ, reg.wantedOps());

            read.cancel();
            assertFalse(reg.slot(SelectionKey.OP_READ).isOccupied());
            assertEquals(0, reg.wantedOps());
            assertTrue(server.isOpen());

            // Data arriving now reaches a new read, never the cancelled one's waker.
            blockOn(client.writeAll(ascii("after")));
            ByteBuffer in = ByteBuffer.allocate(8);
            assertEquals(5, blockOn(server.read(in)));
            assertEquals(0, staleWakes.get());
            assertEquals(0, pendingDeadlines(reactor));
        }
    }

    @Test
    void cancelledAcceptLeavesTheListenerUsable() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort())) {
            AtomicInteger staleWakes = new AtomicInteger();
            Future<TcpStream> accept = listener.accept();
            assertTrue(pollOnce(accept, Waker.of(staleWakes::incrementAndGet)).isPending());
            accept.cancel();
            assertTrue(listener.isOpen());
            try (TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                    TcpStream server = blockOn(listener.accept())) {
                assertTrue(server.isOpen());
            }
            assertEquals(0, staleWakes.get());
        }
    }

    @Test
    void interruptingBlockOnCancelsThePendingReadAndReleasesIt() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept())) {
            Registration reg = TcpStreamTest.clientRegistration(server);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    blockOn(server.read(ByteBuffer.allocate(8)));
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            reader.start();
            eventually("read pending", () -> reg.slot(SelectionKey.OP_READ).isOccupied());
            reader.interrupt();
            assertTrue(outcome.get(10, TimeUnit.SECONDS) instanceof CancellationException);
            assertFalse(reg.slot(SelectionKey.OP_READ).isOccupied());
            assertEquals(0, reg.wantedOps());
            assertTrue(server.isOpen());
        }
    }

    @Test
    void cancelledWriteLeavesTheStreamOpen() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept())) {
            client.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            server.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            ByteBuffer big = ByteBuffer.allocate(8 * 1024 * 1024);
            Future<Integer> write = client.writeAll(big);
            assertTrue(pollOnce(write, Waker.noop()).isPending());
            write.cancel();
            Registration reg = TcpStreamTest.clientRegistration(client);
            assertFalse(reg.slot(SelectionKey.OP_WRITE).isOccupied());
            assertEquals(0, reg.wantedOps());
            assertTrue(client.isOpen());
        }
    }
}
