package dev.jawait.net;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** {@link TcpListener#accept()}: the next incoming connection, as a non-blocking stream. */
final class AcceptFuture extends IoFuture<TcpStream> {
    private final ServerSocketChannel server;
    private TcpStream accepted;

    AcceptFuture(Registration listener, ServerSocketChannel server, long timeoutNanos) {
        super(listener, SelectionKey.OP_ACCEPT, timeoutNanos);
        this.server = server;
    }

    @Override
    boolean attempt(Registration reg) throws IOException {
        SocketChannel channel = server.accept();
        if (channel == null) {
            return false;
        }
        accepted = TcpStream.adopt(reg.reactor, channel);
        return true;
    }

    @Override
    TcpStream result() {
        return accepted;
    }

    @Override
    String describe() {
        return "accept on " + server;
    }
}
