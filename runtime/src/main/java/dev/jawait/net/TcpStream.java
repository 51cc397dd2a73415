package dev.jawait.net;

import dev.jawait.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * A connected, non-blocking TCP socket whose reads and writes are futures.
 *
 * <p>Obtain one from {@link #connect(SocketAddress)} or {@link TcpListener#accept()}. At most one
 * read and one write may be pending at a time (one reader task and one writer task may use the
 * stream concurrently); a second concurrent read or write would displace the first one's waker.
 * Operations fail with unwrapped {@link IOException}s: {@link java.net.SocketTimeoutException} when
 * a timeout passes, {@link java.nio.channels.ClosedChannelException} once the stream is closed,
 * {@link ReactorClosedException} if its reactor shuts down.
 *
 * <p>Cancelling a pending read or write leaves the stream open and usable; the bytes a cancelled
 * write already sent stay sent. Close the stream on every path, for example with
 * try-with-resources in the {@code @Async} method that owns it.
 *
 * <p>Every operation that completes spends a unit of the task's {@link dev.jawait.task.Coop} budget, so a
 * connection whose peer always has data waiting (or always has room) cannot keep the other tasks
 * of its executor from running. The budget is checked before the socket is touched: an
 * operation that yields for it has read, written or accepted nothing.
 */
public final class TcpStream implements AutoCloseable {
    private final Registration registration;
    private final SocketChannel channel;
    private final InetSocketAddress localAddress;
    private final InetSocketAddress remoteAddress;

    TcpStream(Registration registration, SocketChannel channel) throws IOException {
        this.registration = registration;
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.remoteAddress = (InetSocketAddress) channel.getRemoteAddress();
    }

    /** Wraps a freshly accepted channel; closes it if that fails. */
    static TcpStream adopt(Reactor reactor, SocketChannel channel) throws IOException {
        Registration reg = null;
        try {
            channel.configureBlocking(false);
            reg = reactor.register(channel);
            reg.throwIfFailed();
            return new TcpStream(reg, channel);
        } catch (IOException | RuntimeException | Error e) {
            if (reg != null) {
                reg.close(); // also forgets it, so the reactor does not keep a dead socket
            } else {
                channel.close();
            }
            throw e;
        }
    }

    /** A future that connects to {@code address} through the {@link Reactor#shared() shared reactor}. */
    public static Future<TcpStream> connect(SocketAddress address) {
        return Reactor.shared().connect(address);
    }

    /**
     * A future that connects to {@code address} through the shared reactor, failing with
     * {@link java.net.SocketTimeoutException} after {@code timeout}.
     */
    public static Future<TcpStream> connect(SocketAddress address, Duration timeout) {
        return Reactor.shared().connect(address, timeout);
    }

    /**
     * A future of the number of bytes read into {@code dst} (at least 1, or 0 if {@code dst} has no
     * room), or -1 once the peer has shut down its output.
     */
    public Future<Integer> read(ByteBuffer dst) {
        return new ReadFuture(registration, channel, Objects.requireNonNull(dst, "dst"), -1);
    }

    /** Like {@link #read(ByteBuffer)}, failing with {@link java.net.SocketTimeoutException} after {@code timeout}. */
    public Future<Integer> read(ByteBuffer dst, Duration timeout) {
        return new ReadFuture(
                registration, channel, Objects.requireNonNull(dst, "dst"), Reactor.toNanos(timeout));
    }

    /**
     * A future that completes when the socket is readable (bytes or end of stream are waiting),
     * reading nothing: the waiting task needs no buffer, so a server with many idle connections
     * keeps none. Follow it with {@link #tryRead}; readiness is a hint, so {@code tryRead} may still
     * return 0, in which case wait again. A closed stream counts as readable.
     */
    public Future<Void> readable() {
        return new ReadableFuture(registration, -1);
    }

    /** Like {@link #readable()}, failing with {@link java.net.SocketTimeoutException} after {@code timeout}. */
    public Future<Void> readable(Duration timeout) {
        return new ReadableFuture(registration, Reactor.toNanos(timeout));
    }

    /**
     * Reads what has already arrived, without waiting: the number of bytes read into {@code dst},
     * 0 if nothing is waiting (or {@code dst} has no room), -1 once the peer has shut down its
     * output. Pairs with {@link #readable()}: borrow a buffer only once there is something to read.
     *
     * @throws java.nio.channels.ClosedChannelException if the stream is closed
     * @throws ReactorClosedException if the stream's reactor shut down
     */
    public int tryRead(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        registration.throwIfFailed();
        try {
            return channel.read(dst);
        } catch (IOException e) {
            Throwable explained = registration.explain(e);
            throw explained instanceof IOException ? (IOException) explained : e;
        }
    }

    /**
     * A future of the number of bytes written from {@code src}: at least 1 (0 if it is empty),
     * after waiting for room in the send buffer if there is none.
     */
    public Future<Integer> write(ByteBuffer src) {
        return new WriteFuture(registration, channel, Objects.requireNonNull(src, "src"), false, -1);
    }

    /** Like {@link #write(ByteBuffer)}, failing with {@link java.net.SocketTimeoutException} after {@code timeout}. */
    public Future<Integer> write(ByteBuffer src, Duration timeout) {
        return new WriteFuture(
                registration, channel, Objects.requireNonNull(src, "src"), false, Reactor.toNanos(timeout));
    }

    /**
     * A future that writes all of {@code src}, waiting whenever the peer is slower than the writer;
     * its value is the number of bytes written.
     */
    public Future<Integer> writeAll(ByteBuffer src) {
        return new WriteFuture(registration, channel, Objects.requireNonNull(src, "src"), true, -1);
    }

    /**
     * Like {@link #writeAll(ByteBuffer)}, failing with {@link java.net.SocketTimeoutException} if
     * the whole buffer is not written within {@code timeout}; bytes written until then stay sent.
     */
    public Future<Integer> writeAll(ByteBuffer src, Duration timeout) {
        return new WriteFuture(
                registration, channel, Objects.requireNonNull(src, "src"), true, Reactor.toNanos(timeout));
    }

    /**
     * Half-closes the stream: the peer reads end of stream, while this side can still read what the
     * peer sends.
     */
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Sets a socket option, such as {@link java.net.StandardSocketOptions#TCP_NODELAY}. */
    public <T> TcpStream setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
        return this;
    }

    /** The local address of the connection. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The address of the peer. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Whether the stream is still open. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Closes the socket. Pending operations fail with
     * {@link java.nio.channels.ClosedChannelException}. Closing twice does nothing; an I/O error
     * from closing is ignored (the socket is released regardless).
     */
    @Override
    public void close() {
        registration.close();
    }

    @Override
    public String toString() {
        return "TcpStream[" + localAddress + " -> " + remoteAddress + (isOpen() ? "" : ", closed") + "]";
    }
}
