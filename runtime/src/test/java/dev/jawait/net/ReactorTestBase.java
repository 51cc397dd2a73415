package dev.jawait.net;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh {@link Reactor} per test, closed after it. */
abstract class ReactorTestBase {
    Reactor reactor;

    @BeforeEach
    void openReactor() throws IOException {
        reactor = Reactor.open();
    }

    @AfterEach
    void closeReactor() {
        reactor.close();
    }

    /** A listener on a free loopback port and one connection through it, closed together. */
    record Connection(TcpListener listener, TcpStream client, TcpStream server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            client.close();
            listener.close();
        }
    }

    /** Binds a listener on this test's reactor and connects one client to it. */
    Connection connect() throws Exception {
        TcpListener listener = reactor.bind(NetTesting.anyLoopbackPort());
        try {
            TcpStream client = dev.jawait.Await.blockOn(reactor.connect(listener.localAddress()));
            return new Connection(listener, client, dev.jawait.Await.blockOn(listener.accept()));
        } catch (Exception | Error e) {
            listener.close();
            throw e;
        }
    }
}
