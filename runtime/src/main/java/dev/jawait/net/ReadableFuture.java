package dev.jawait.net;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * {@link TcpStream#readable}: completes once the reactor reports the socket readable (bytes, end of
 * stream or an error are waiting), without reading anything, so the waiting task holds no buffer.
 *
 * <p>Readiness cannot be asked of a socket without reading it, so the first poll only records how
 * many read events the reactor has reported so far and waits; the future completes at the first
 * poll that sees the count move. The reactor counts the event before it wakes the task, so the
 * woken poll always sees it. Readiness is a hint: the caller's non-blocking read may still find
 * nothing (then it waits again).
 */
final class ReadableFuture extends IoFuture<Void> {
    private int seen = -1;
    private boolean started;

    ReadableFuture(Registration reg, long timeoutNanos) {
        super(reg, SelectionKey.OP_READ, timeoutNanos);
    }

    @Override
    boolean attempt(Registration reg) throws IOException {
        if (!reg.channel.isOpen()) {
            return true; // closed: "readable", and the read reports it
        }
        int events = reg.readEvents();
        if (!started) {
            started = true;
            seen = events;
            return false;
        }
        return events != seen;
    }

    @Override
    Void result() {
        return null;
    }

    @Override
    String describe() {
        return "wait until readable: " + registration().channel;
    }
}
