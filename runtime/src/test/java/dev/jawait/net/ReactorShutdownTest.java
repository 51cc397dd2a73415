package dev.jawait.net;

import static dev.jawait.Await.blockOn;
import static dev.jawait.net.NetTesting.anyLoopbackPort;
import static dev.jawait.net.NetTesting.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReactorShutdownTest {

    private static CompletableFuture<Throwable> onThread(Supplier<?> blocking) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        new Thread(() -> {
            try {
                blocking.get();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        }).start();
        return outcome;
    }

    @Test
    void closingTheReactorFailsPendingOperationsAndClosesEverySocket() throws Exception {
        Reactor reactor = Reactor.open();
        TcpListener listener = reactor.bind(anyLoopbackPort());
        TcpStream client = blockOn(reactor.connect(listener.localAddress()));
        TcpStream server = blockOn(listener.accept());
        TcpStream idle = blockOn(reactor.connect(listener.localAddress())); // never used again
        TcpStream idlePeer = blockOn(listener.accept());

        CompletableFuture<Throwable> read =
                onThread(() -> blockOn(server.read(ByteBuffer.allocate(8), Duration.ofSeconds(60))));
        CompletableFuture<Throwable> accept = onThread(() -> blockOn(listener.accept()));
        Registration serverReg = TcpStreamTest.clientRegistration(server);
        eventually("read pending", () -> serverReg.slot(SelectionKey.OP_READ).isOccupied());
        eventually("accept pending", () -> listenerRegistration(listener).slot(SelectionKey.OP_ACCEPT).isOccupied());

        reactor.close();
        assertTrue(reactor.isClosed());
        assertTrue(reactor.isTerminated());

        Throwable readFailure = read.get(10, TimeUnit.SECONDS);
        assertTrue(readFailure instanceof ReactorClosedException, String.valueOf(readFailure));
        assertTrue(readFailure.getMessage().contains("was closed"), readFailure.getMessage());
        Throwable acceptFailure = accept.get(10, TimeUnit.SECONDS);
        assertTrue(acceptFailure instanceof ReactorClosedException, String.valueOf(acceptFailure));
        assertFalse(listener.isOpen());
        assertFalse(client.isOpen());
        assertFalse(server.isOpen());
        assertFalse(idle.isOpen());
        assertFalse(idlePeer.isOpen());
        assertEquals(0, reactor.openSockets());

        // Later operations fail the same way, whether on an old stream or a new one.
        assertThrows(ReactorClosedException.class, () -> blockOn(client.read(ByteBuffer.allocate(8))));
        assertThrows(ReactorClosedException.class, () -> blockOn(reactor.connect(listener.localAddress())));
        assertThrows(ReactorClosedException.class, () -> reactor.bind(anyLoopbackPort()));
        assertEquals(0, reactor.openSockets());
        reactor.close(); // twice is fine
    }

    @Test
    void theSharedReactorCannotBeClosed() {
        assertThrows(UnsupportedOperationException.class, () -> Reactor.shared().close());
        assertFalse(Reactor.shared().isClosed());
    }

    @Test
    void theSharedReactorServesTheStaticEntryPoints() throws Exception {
        try (TcpListener listener = TcpListener.bind(anyLoopbackPort());
                TcpStream client = blockOn(TcpStream.connect(listener.localAddress(), Duration.ofSeconds(10)));
                TcpStream server = blockOn(listener.accept())) {
            blockOn(client.writeAll(NetTesting.ascii("hi")));
            assertEquals(2, blockOn(server.read(ByteBuffer.allocate(2))));
        }
    }

    private static Registration listenerRegistration(TcpListener listener) {
        return ((IoFuture<?>) listener.accept()).registration();
    }
}
