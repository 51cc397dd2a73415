package dev.jawait.net;

import dev.jawait.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/**
 * A listening TCP socket whose {@link #accept()} is a future.
 *
 * <p>One accept may be pending at a time. Cancelling a pending accept leaves the listener open.
 * An accept that completes spends a unit of the task's {@link dev.jawait.task.Coop} budget (a
 * full backlog does not keep the accepting task from giving way); one that yields for the budget
 * has accepted nothing.
 */
public final class TcpListener implements AutoCloseable {
    private final Registration registration;
    private final ServerSocketChannel channel;
    private final InetSocketAddress localAddress;

    TcpListener(Registration registration, ServerSocketChannel channel, InetSocketAddress localAddress) {
        this.registration = registration;
        this.channel = channel;
        this.localAddress = localAddress;
    }

    /**
     * Binds a listener on {@code address} using the {@link Reactor#shared() shared reactor}. Port 0
     * picks a free port: read it back with {@link #localAddress()}.
     */
    public static TcpListener bind(SocketAddress address) throws IOException {
        return Reactor.shared().bind(address);
    }

    /** A future of the next incoming connection. */
    public Future<TcpStream> accept() {
        return new AcceptFuture(registration, channel, -1);
    }

    /**
     * Like {@link #accept()}, failing with {@link java.net.SocketTimeoutException} if no
     * connection arrives within {@code timeout}.
     */
    public Future<TcpStream> accept(Duration timeout) {
        return new AcceptFuture(registration, channel, Reactor.toNanos(timeout));
    }

    /** The address the listener is bound to, with the actual port. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Whether the listener is still open. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Stops listening; a pending accept fails with {@link java.nio.channels.ClosedChannelException}. */
    @Override
    public void close() {
        registration.close();
    }

    @Override
    public String toString() {
        return "TcpListener[" + localAddress + (isOpen() ? "" : ", closed") + "]";
    }
}
