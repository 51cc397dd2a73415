package dev.jawait.samples.http;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.net.Reactor;
import dev.jawait.net.TcpListener;
import dev.jawait.net.TcpStream;
import dev.jawait.samples.http.HttpServerSession.Kind;
import dev.jawait.samples.http.HttpServerSession.Step;
import dev.jawait.task.Spawner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP/1.1 server: one task accepts connections, one task per connection runs the
 * {@link HttpServerSession} loop, reading with an idle timeout and writing with back-pressure.
 * A connection waiting for its next request holds no read buffer: it awaits
 * {@link TcpStream#readable}, then reads into a per-thread scratch buffer that goes back before the
 * next await ({@link ScratchBuffers}).
 * All protocol decisions live in the session; this class is only the async glue.
 */
public final class HttpServer implements AutoCloseable {
    private final TcpListener listener;
    private final HttpHandler handler;
    private final Spawner spawner;
    private final HttpLimits limits;
    private final Duration idleTimeout;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong failedConnections = new AtomicLong();

    private HttpServer(TcpListener listener, HttpHandler handler, Spawner spawner, HttpLimits limits, Duration idleTimeout) {
        this.listener = listener;
        this.handler = handler;
        this.spawner = spawner;
        this.limits = limits;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Binds a server on {@code address} (port 0 picks a free one); nothing is accepted until
     * {@link #serve()} runs. Connection tasks are spawned on {@code spawner}.
     */
    public static HttpServer bind(InetSocketAddress address, HttpHandler handler, Spawner spawner,
            HttpLimits limits, Duration idleTimeout) throws IOException {
        return new HttpServer(Reactor.shared().bind(address, 128), handler, spawner, limits, idleTimeout);
    }

    /** The bound address, with the actual port. */
    public InetSocketAddress address() {
        return listener.localAddress();
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /** Connections that ended with an I/O error (reset by the peer, say). */
    public long failedConnections() {
        return failedConnections.get();
    }

    /** Accepts connections until {@link #close()}, running each as its own task. */
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
            connections.incrementAndGet();
            spawner.spawn(serveConnection(stream));
        }
        return Future.ready(null);
    }

    /** One connection: do what the session says until it says close. */
    @Async
    Future<Void> serveConnection(TcpStream stream) {
        HttpServerSession session = new HttpServerSession(limits);
        try {
            Step step = session.next();
            while (step.kind() != Kind.CLOSE) {
                if (step.kind() == Kind.READ) {
                    Step afterRead = readAvailable(stream, session);
                    if (afterRead != null) {
                        step = afterRead;
                    } else {
                        // Nothing to read: wait holding no buffer, then try again.
                        try {
                            await(stream.readable(idleTimeout), IOException.class);
                        } catch (SocketTimeoutException idle) {
                            step = session.timedOut();
                        }
                    }
                } else if (step.kind() == Kind.HANDLE) {
                    HttpRequest request = step.request();
                    ByteBuffer reply;
                    try {
                        HttpResponse response = await(handler.handle(request));
                        reply = session.respond(request, response);
                    } catch (Exception handlerFailure) {
                        reply = session.handlerFailed(handlerFailure).bytes();
                    }
                    await(stream.writeAll(reply));
                    step = session.next();
                } else {
                    // An error response: send it, then let the client read it before closing.
                    await(stream.writeAll(step.bytes()));
                    await(drainBeforeClose(stream));
                    step = session.next();
                }
            }
        } catch (Exception ioFailure) {
            failedConnections.incrementAndGet(); // the peer went away; nobody to tell
        } finally {
            stream.close();
        }
        return Future.ready(null);
    }

    /**
     * Reads what has arrived into this thread's scratch buffer and lets the session parse it,
     * returning the session's next step, or {@code null} if nothing had arrived. Runs between two
     * awaits, so the buffer is back in the pool before the connection waits again; only the bytes
     * of a request that is not complete yet stay with the session.
     */
    private static Step readAvailable(TcpStream stream, HttpServerSession session) throws IOException {
        ByteBuffer scratch = ScratchBuffers.take();
        session.lend(scratch);
        try {
            int n = stream.tryRead(session.readBuffer());
            if (n == 0) {
                return null;
            }
            session.received(n);
            return session.next();
        } finally {
            session.giveBack();
            ScratchBuffers.give(scratch);
        }
    }

    /**
     * Half-closes, then reads and discards what the client still sends (up to 64 KiB or 1 s of
     * silence): closing a socket with unread input makes the kernel send a reset, which can destroy
     * the error response before the client reads it.
     */
    @Async
    static Future<Void> drainBeforeClose(TcpStream stream) {
        try {
            stream.shutdownOutput();
            ByteBuffer sink = ByteBuffer.allocate(4096);
            int discarded = 0;
            while (discarded < 64 * 1024) {
                sink.clear();
                int n = await(stream.read(sink, Duration.ofSeconds(1)), IOException.class);
                if (n < 0) {
                    break;
                }
                discarded += n;
            }
        } catch (IOException silentOrGone) {
            // Close anyway.
        }
        return Future.ready(null);
    }

    /** Stops accepting; {@link #serve()} then completes. Open connections finish on their own. */
    @Override
    public void close() {
        listener.close();
    }
}
