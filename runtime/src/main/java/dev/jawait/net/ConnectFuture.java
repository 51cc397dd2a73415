package dev.jawait.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * {@link TcpStream#connect}: opens a non-blocking socket on the first poll and connects it. The
 * future owns the socket until it completes: failure, timeout or cancellation closes it.
 */
final class ConnectFuture extends IoFuture<TcpStream> {
    private final Reactor reactor;
    private final SocketAddress address;
    private SocketChannel channel;
    private boolean connectIssued;
    private TcpStream connected;

    ConnectFuture(Reactor reactor, SocketAddress address, long timeoutNanos) {
        super(null, SelectionKey.OP_CONNECT, timeoutNanos);
        this.reactor = reactor;
        this.address = address;
    }

    @Override
    Registration start() throws IOException {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        return reactor.register(channel);
    }

    @Override
    boolean attempt(Registration reg) throws IOException {
        boolean established;
        if (!connectIssued) {
            connectIssued = true;
            established = channel.connect(address);
        } else {
            established = channel.finishConnect();
        }
        if (established) {
            connected = new TcpStream(reg, channel);
        }
        return established;
    }

    @Override
    TcpStream result() {
        return connected;
    }

    @Override
    void abandoned() {
        Registration reg = registration();
        if (reg != null) {
            reg.close();
        } else if (channel != null) {
            try {
                channel.close(); // opened, but start() failed before registering it
            } catch (IOException ignored) {
                // A socket that never connected: nothing to report.
            }
        }
    }

    /** The socket being connected, or {@code null} before the first poll (for tests). */
    SocketChannel channel() {
        return channel;
    }

    @Override
    String describe() {
        return "connect to " + address;
    }
}
