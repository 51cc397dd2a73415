package dev.jawait.samples.http;

import java.nio.ByteBuffer;

/**
 * One 4 KiB read buffer per thread, lent to a connection only while it reads and parses (between
 * two awaits, so on one thread): a server's read buffers then number its threads, not its
 * connections. Taking when the thread's buffer is already out (which the server never does) gets a
 * fresh one rather than sharing.
 */
final class ScratchBuffers {
    static final int SIZE = 4096;
    private static final ThreadLocal<ByteBuffer[]> SPARE = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

    private ScratchBuffers() {}

    /** This thread's buffer (or a new one if it is out); hand it back with {@link #give}. */
    static ByteBuffer take() {
        ByteBuffer[] spare = SPARE.get();
        ByteBuffer b = spare[0];
        if (b == null) {
            return ByteBuffer.allocate(SIZE);
        }
        spare[0] = null;
        return b;
    }

    /** Returns a buffer from {@link #take} to this thread. */
    static void give(ByteBuffer b) {
        SPARE.get()[0] = b;
    }
}
