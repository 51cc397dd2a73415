package dev.jawait.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * {@link TcpStream#write} and {@link TcpStream#writeAll}: writes from a buffer, waiting for the
 * socket to accept more when its send buffer is full. Nothing is copied or queued: the caller's
 * buffer is the only buffer, so a slow peer slows the writer down (back-pressure).
 */
final class WriteFuture extends IoFuture<Integer> {
    private final SocketChannel channel;
    private final ByteBuffer src;
    /** Whether to finish only when {@code src} is empty (writeAll) or after the first bytes. */
    private final boolean all;
    private int written;

    WriteFuture(Registration reg, SocketChannel channel, ByteBuffer src, boolean all, long timeoutNanos) {
        super(reg, SelectionKey.OP_WRITE, timeoutNanos);
        this.channel = channel;
        this.src = src;
        this.all = all;
    }

    @Override
    boolean attempt(Registration reg) throws IOException {
        while (src.hasRemaining()) {
            int n = channel.write(src);
            if (n == 0) {
                return false; // send buffer full: wait until writable
            }
            written += n;
            if (!all) {
                return true;
            }
        }
        return true;
    }

    @Override
    Integer result() {
        return written;
    }

    @Override
    String describe() {
        return (all ? "writeAll to " : "write to ") + channel;
    }
}
