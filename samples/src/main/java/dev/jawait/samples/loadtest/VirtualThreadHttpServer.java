package dev.jawait.samples.loadtest;

import dev.jawait.samples.http.HttpLimits;
import dev.jawait.samples.http.HttpRequest;
import dev.jawait.samples.http.HttpServerSession;
import dev.jawait.samples.http.HttpServerSession.Kind;
import dev.jawait.samples.http.HttpServerSession.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * The virtual-thread contender: blocking {@link ServerSocket}, one virtual thread per connection,
 * running the same {@link HttpServerSession} loop as the jawait server with blocking reads and
 * writes instead of awaits. Serves {@link HelloApp}.
 *
 * <p>The modules compile at release 17, so the virtual-thread factory is looked up reflectively
 * ({@code Thread.ofVirtual().factory()}); on a JDK without virtual threads {@link #start} throws
 * {@link UnsupportedOperationException}.
 */
public final class VirtualThreadHttpServer implements LoadTestServer {
    /** Most bytes read and discarded after an error response before closing (as the jawait server). */
    private static final int DRAIN_LIMIT = 64 * 1024;
    private static final int DRAIN_SILENCE_MILLIS = 1000;

    private final ServerSocket serverSocket;
    private final ThreadFactory virtualThreads;
    private final int idleMillis;
    /** Open connections, so that {@link #close()} can cut them. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private VirtualThreadHttpServer(ServerSocket serverSocket, ThreadFactory virtualThreads, int idleMillis) {
        this.serverSocket = serverSocket;
        this.virtualThreads = virtualThreads;
        this.idleMillis = idleMillis;
        this.acceptor = new Thread(this::acceptLoop, "vt-http-acceptor");
        acceptor.setDaemon(true);
    }

    /**
     * Binds on {@code address} (port 0 picks one) and starts accepting.
     *
     * @param idleTimeout how long a connection may stay silent before the server closes it
     * @throws UnsupportedOperationException on a JDK without virtual threads (before 21)
     */
    public static VirtualThreadHttpServer start(InetSocketAddress address, Duration idleTimeout) throws IOException {
        ThreadFactory factory = virtualThreadFactory();
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(address, 128); // the backlog HttpServer uses
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        VirtualThreadHttpServer server = new VirtualThreadHttpServer(socket, factory, Math.toIntExact(idleTimeout.toMillis()));
        server.acceptor.start();
        return server;
    }

    /** Whether this JDK has virtual threads ({@link #start} works). */
    public static boolean isSupported() {
        try {
            Thread.class.getMethod("ofVirtual");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** {@code Thread.ofVirtual().factory()}, through reflection because we compile at release 17. */
    static ThreadFactory virtualThreadFactory() {
        if (!isSupported()) {
            throw new UnsupportedOperationException(
                    "virtual threads need JDK 21 or later; this is JDK " + Runtime.version());
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (NoSuchMethodException | ClassNotFoundException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Thread.ofVirtual().factory() failed", e);
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Stops accepting and closes every open connection (their threads then end). */
    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    return; // close() was called
                }
                continue; // a connection that failed during accept concerns nobody else
            }
            open.add(socket);
            virtualThreads.newThread(() -> serveConnection(socket)).start();
        }
    }

    /** One connection: do what the session says until it says close (the jawait loop, blocking). */
    private void serveConnection(Socket socket) {
        HttpServerSession session = new HttpServerSession(HttpLimits.DEFAULT);
        try (socket) {
            socket.setSoTimeout(idleMillis);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            Step step = session.next();
            while (step.kind() != Kind.CLOSE) {
                if (step.kind() == Kind.READ) {
                    try {
                        session.received(readInto(in, session.readBuffer()));
                        step = session.next();
                    } catch (SocketTimeoutException idle) {
                        step = session.timedOut();
                    }
                } else if (step.kind() == Kind.HANDLE) {
                    HttpRequest request = step.request();
                    ByteBuffer reply;
                    try {
                        reply = session.respond(request, HelloApp.respond(request));
                    } catch (RuntimeException handlerFailure) {
                        reply = session.handlerFailed(handlerFailure).bytes();
                    }
                    writeAll(out, reply);
                    step = session.next();
                } else {
                    writeAll(out, step.bytes());
                    drainBeforeClose(socket, in);
                    step = session.next();
                }
            }
        } catch (IOException peerGone) {
            // Reset by the peer, or cut by close(): nobody to tell.
        } finally {
            open.remove(socket);
        }
    }

    /** Reads once into the buffer's free space, advancing its position; -1 at end of stream. */
    private static int readInto(InputStream in, ByteBuffer dst) throws IOException {
        int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    private static void writeAll(OutputStream out, ByteBuffer src) throws IOException {
        out.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
        src.position(src.limit());
    }

    /** As {@code HttpServer.drainBeforeClose}: let the client read the error response before the close. */
    private static void drainBeforeClose(Socket socket, InputStream in) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(DRAIN_SILENCE_MILLIS);
            byte[] sink = new byte[4096];
            int discarded = 0;
            while (discarded < DRAIN_LIMIT) {
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                discarded += n;
            }
        } catch (IOException silentOrGone) {
            // Close anyway.
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }
}
