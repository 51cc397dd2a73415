package dev.jawait.net;

import dev.jawait.Waker;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One socket known to a {@link Reactor}: its channel, the wakers of the task waiting to read (or
 * accept) and of the task waiting to write (or finish connecting), and the readiness interest the
 * reactor should watch for.
 *
 * <p>{@link #wanted} is the interest the waiters ask for; any thread may add or remove bits, and
 * whoever changes it submits this registration so that the reactor copies it into the selection
 * key (which only the reactor thread touches). When readiness fires the reactor clears the ready
 * bits first and only then wakes the waiters: a waiter that stores its waker and then sets a bit
 * either sees its bit still set (and the reactor has yet to take its waker) or sets it anew and
 * resubmits.
 */
final class Registration implements Reactor.Command {
    private static final int READ_SIDE = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_SIDE = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    final Reactor reactor;
    final SelectableChannel channel;
    private final WakerSlot readers = new WakerSlot();
    private final WakerSlot writers = new WakerSlot();
    private final AtomicInteger wanted = new AtomicInteger();
    /** Created on the first interest; reactor thread only. */
    private SelectionKey key;
    /** Read-side readiness events seen so far; written by the reactor thread only. */
    private volatile int readEvents;
    /** Set once when the reactor shuts down with this socket still open. */
    private volatile ReactorClosedException failure;

    Registration(Reactor reactor, SelectableChannel channel) {
        this.reactor = reactor;
        this.channel = channel;
    }

    /** The waiter slot for {@code op}: reads and accepts share one, writes and connects the other. */
    WakerSlot slot(int op) {
        return (op & READ_SIDE) != 0 ? readers : writers;
    }

    /**
     * Stores {@code waker} as the waiter for {@code op}, then asks the reactor to watch for it.
     * The order is what makes the wake impossible to lose.
     */
    void awaitReady(int op, Waker waker) {
        slot(op).register(waker);
        for (;;) {
            int w = wanted.get();
            if ((w & op) != 0) {
                return; // already asked for, and the reactor has not fired it yet
            }
            if (wanted.compareAndSet(w, w | op)) {
                reactor.submit(this);
                return;
            }
        }
    }

    /** Withdraws the waiter for {@code op} and the interest in it (completion or cancellation). */
    void forget(int op) {
        slot(op).clear();
        for (;;) {
            int w = wanted.get();
            if ((w & op) == 0) {
                return;
            }
            if (wanted.compareAndSet(w, w & ~op)) {
                reactor.submitLazily(this);
                return;
            }
        }
    }

    /** Throws the reactor's failure if it shut down with this socket registered. */
    void throwIfFailed() throws ReactorClosedException {
        ReactorClosedException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /**
     * The exception to report for {@code t}: a closed-channel error caused by the reactor shutting
     * down is reported as the reactor's failure, which says why.
     */
    Throwable explain(Throwable t) {
        ReactorClosedException f = failure;
        return f != null && t instanceof ClosedChannelException ? f : t;
    }

    /** Closes the channel (from any thread) and wakes both waiters so that they see it closed. */
    void close() {
        reactor.forget(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // The descriptor is released whatever close reports; nothing useful to do with it.
        }
        readers.wake();
        writers.wake();
        // A registered channel's descriptor is released only when the selector next runs.
        reactor.wakeSelector();
    }

    /** Called by the reactor when it shuts down: records why, closes, and wakes both waiters. */
    void fail(ReactorClosedException why) {
        failure = why;
        close();
    }

    /** Reactor thread: copies the wanted interest into the selection key. */
    @Override
    public void apply(Reactor reactor) {
        if (failure != null) {
            return;
        }
        int ops = wanted.get();
        try {
            if (key == null) {
                if (ops == 0) {
                    return;
                }
                key = channel.register(reactor.selector(), ops, this);
            } else {
                key.interestOps(ops);
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            // Closed meanwhile: let the waiters poll, see the closed channel, and fail.
            readers.wake();
            writers.wake();
        }
    }

    /** Reactor thread: the selector reported {@code key} ready. */
    void onReady(SelectionKey key) {
        int ready;
        try {
            ready = key.readyOps();
            int w;
            do {
                w = wanted.get();
            } while (!wanted.compareAndSet(w, w & ~ready));
            key.interestOps(w & ~ready);
        } catch (CancelledKeyException e) {
            ready = READ_SIDE | WRITE_SIDE;
        }
        if ((ready & READ_SIDE) != 0) {
            readEvents++; // single writer; published before the wake (see ReadableFuture)
            readers.wake();
        }
        if ((ready & WRITE_SIDE) != 0) {
            writers.wake();
        }
    }

    /** How many read-side readiness events the reactor has reported for this socket. */
    int readEvents() {
        return readEvents;
    }

    /** The interest currently asked for (for tests). */
    int wantedOps() {
        return wanted.get();
    }

    @Override
    public String toString() {
        return "Registration[" + channel + "]";
    }
}
