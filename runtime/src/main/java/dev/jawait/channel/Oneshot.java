package dev.jawait.channel;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.task.Coop;
import dev.jawait.sync.AtomicWaker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A channel for exactly one value: a {@link Sender} that sends it once and a {@link Receiver},
 * itself a future, that completes with it.
 *
 * <p>If the sender is {@link Sender#close() closed} without sending, the receiver fails with
 * {@link ChannelClosedException}. If the receiver is closed or cancelled first, {@link
 * Sender#send} returns {@code false} and the value is dropped. Lock-free: one state word and an
 * {@link AtomicWaker}; the value is published by the state transition that makes it visible.
 *
 * @param <T> the type of the value ({@code null} is allowed)
 */
public final class Oneshot<T> {
    /** The sender claimed the channel and is writing the value. */
    private static final int SENDING = 1;
    /** The value is visible to the receiver. */
    private static final int SENT = 1 << 1;
    private static final int SENDER_CLOSED = 1 << 2;
    private static final int RECEIVER_CLOSED = 1 << 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Oneshot.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /** Written by the sender before SENT is set; read by the receiver after it sees SENT. */
    private T value;
    private final AtomicWaker receiverWaker = new AtomicWaker();
    private final Sender<T> sender = new Sender<>(this);
    private final Receiver<T> receiver = new Receiver<>(this);

    private Oneshot() {}

    /** A new oneshot channel. */
    public static <T> Oneshot<T> create() {
        return new Oneshot<>();
    }

    /** The sending half. */
    public Sender<T> sender() {
        return sender;
    }

    /** The receiving half: a future of the value. */
    public Receiver<T> receiver() {
        return receiver;
    }

    private int state() {
        return (int) STATE.getVolatile(this);
    }

    @Override
    public String toString() {
        return "Oneshot[state=" + state() + "]";
    }

    /**
     * The sending half of a {@link Oneshot}. Thread-safe.
     *
     * @param <T> the type of the value
     */
    public static final class Sender<T> {
        private final Oneshot<T> chan;

        private Sender(Oneshot<T> chan) {
            this.chan = chan;
        }

        /**
         * Sends {@code value}; returns {@code false} (dropping it) if the receiver was already
         * closed or cancelled.
         *
         * @throws IllegalStateException if a value was already sent or the sender was closed
         */
        public boolean send(T value) {
            for (;;) {
                int s = chan.state();
                if ((s & (SENDING | SENDER_CLOSED)) != 0) {
                    throw new IllegalStateException("oneshot already sent or closed");
                }
                if ((s & RECEIVER_CLOSED) != 0) {
                    return false;
                }
                if (STATE.compareAndSet(chan, s, s | SENDING)) {
                    break;
                }
            }
            chan.value = value;
            int before = (int) STATE.getAndBitwiseOr(chan, SENT);
            if ((before & RECEIVER_CLOSED) != 0) {
                chan.value = null; // nobody will read it
                return false;
            }
            chan.receiverWaker.wake();
            return true;
        }

        /**
         * Closes the sender without sending: the receiver fails with
         * {@link ChannelClosedException}. Does nothing after a send or a previous close.
         */
        public void close() {
            for (;;) {
                int s = chan.state();
                if ((s & (SENDING | SENDER_CLOSED)) != 0) {
                    return;
                }
                if (STATE.compareAndSet(chan, s, s | SENDER_CLOSED)) {
                    chan.receiverWaker.wake();
                    return;
                }
            }
        }

        /** Whether the receiver was closed or cancelled, so a send would be dropped. */
        public boolean isReceiverClosed() {
            return (chan.state() & RECEIVER_CLOSED) != 0;
        }

        @Override
        public String toString() {
            return "Oneshot.Sender[" + chan + "]";
        }
    }

    /**
     * The receiving half of a {@link Oneshot}: a future that completes with the sent value, or
     * fails with {@link ChannelClosedException} if the sender was closed without sending.
     * Cancelling it closes the receiver. Completing with the value spends a unit of the task's
     * {@link dev.jawait.task.Coop} budget; a receiver that yields for the budget leaves the value
     * in place for its next poll.
     *
     * @param <T> the type of the value
     */
    public static final class Receiver<T> implements Future<T> {
        private final Oneshot<T> chan;
        private boolean done;

        private Receiver(Oneshot<T> chan) {
            this.chan = chan;
        }

        @Override
        public Poll<T> poll(Context cx) {
            if (done) {
                throw new IllegalStateException("oneshot receiver polled after it completed or was closed");
            }
            // Checked before the value is taken, so a yield leaves it in the channel.
            Coop.Budget coop = Coop.budget(cx);
            if (coop.mustYield(cx)) { // the budget is spent: the task was woken and yields
                return Poll.pending();
            }
            Poll<T> p = tryComplete(coop);
            if (p != null) {
                return p;
            }
            chan.receiverWaker.register(cx.waker());
            p = tryComplete(coop); // re-check after registering: the sender may have just finished
            return p != null ? p : Poll.pending();
        }

        private Poll<T> tryComplete(Coop.Budget coop) {
            int s = chan.state();
            if ((s & SENT) != 0) {
                coop.spend(); // cannot refuse: poll checked the budget
                done = true;
                T v = chan.value;
                chan.value = null;
                chan.receiverWaker.clear();
                return Poll.ready(v);
            }
            if ((s & SENDER_CLOSED) != 0) {
                done = true;
                chan.receiverWaker.clear();
                throw new ChannelClosedException("oneshot sender closed without sending a value");
            }
            return null;
        }

        /** Closes the receiver: a later send returns {@code false}. Same as {@link #cancel()}. */
        public void close() {
            cancel();
        }

        @Override
        public void cancel() {
            if (done) {
                return; // completed (or already closed): nothing to release
            }
            done = true;
            STATE.getAndBitwiseOr(chan, RECEIVER_CLOSED);
            chan.value = null;
            chan.receiverWaker.clear();
        }

        @Override
        public String toString() {
            return "Oneshot.Receiver[" + chan + "]";
        }
    }
}
