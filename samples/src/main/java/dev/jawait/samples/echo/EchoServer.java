package dev.jawait.samples.echo;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.net.Reactor;
import dev.jawait.net.TcpListener;
import dev.jawait.net.TcpStream;
import dev.jawait.task.Spawner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The smallest useful server: every connection gets back what it sends. Reads wait with an idle
 * timeout; writes wait for the client to read (a client that never reads stalls only its own
 * connection, and no buffer grows).
 */
public final class EchoServer implements AutoCloseable {
    private final TcpListener listener;
    private final Spawner spawner;
    private final Duration idleTimeout;

    private EchoServer(TcpListener listener, Spawner spawner, Duration idleTimeout) {
        this.listener = listener;
        this.spawner = spawner;
        this.idleTimeout = idleTimeout;
    }

    /** Binds on {@code address}; run {@link #serve()} to accept. */
    public static EchoServer bind(InetSocketAddress address, Spawner spawner, Duration idleTimeout) throws IOException {
        return new EchoServer(Reactor.shared().bind(address), spawner, idleTimeout);
    }

    public InetSocketAddress address() {
        return listener.localAddress();
    }

    /** Accepts until {@link #close()}. */
    @Async
    public Future<Void> serve() {
        while (listener.isOpen()) {
            TcpStream stream;
            try {
                stream = await(listener.accept(), IOException.class);
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    break; // close() was called
                }
                throw new UncheckedIOException("accept failed", e);
            }
            spawner.spawn(echo(stream, idleTimeout));
        }
        return Future.ready(null);
    }

    /** Echoes one connection until the client half-closes; the value is the number of bytes echoed. */
    @Async
    static Future<Long> echo(TcpStream stream, Duration idleTimeout) {
        long total = 0;
        try {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (true) {
                buf.clear();
                int n = await(stream.read(buf, idleTimeout));
                if (n < 0) {
                    break;
                }
                buf.flip();
                await(stream.writeAll(buf));
                total += n;
            }
        } finally {
            stream.close();
        }
        return Future.ready(total);
    }

    @Override
    public void close() {
        listener.close();
    }
}
