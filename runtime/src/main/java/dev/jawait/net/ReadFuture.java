package dev.jawait.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** {@link TcpStream#read}: some bytes into a buffer, or -1 at end of stream. */
final class ReadFuture extends IoFuture<Integer> {
    private final SocketChannel channel;
    private final ByteBuffer dst;
    private int count;

    ReadFuture(Registration reg, SocketChannel channel, ByteBuffer dst, long timeoutNanos) {
        super(reg, SelectionKey.OP_READ, timeoutNanos);
        this.channel = channel;
        this.dst = dst;
    }

    @Override
    boolean attempt(Registration reg) throws IOException {
        if (!dst.hasRemaining()) {
            count = 0; // nothing asked for: done, like a blocking read into a full buffer
            return true;
        }
        count = channel.read(dst);
        return count != 0;
    }

    @Override
    Integer result() {
        return count;
    }

    @Override
    String describe() {
        return "read from " + channel;
    }
}
