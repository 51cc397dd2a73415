package dev.jawait.channel;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.OpLock;
import dev.jawait.internal.WaitList;
import dev.jawait.task.Coop;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A bounded broadcast channel: every {@link Subscriber} receives every message sent after it
 * subscribed, in order.
 *
 * <p><b>Lag policy</b> (tokio's): {@link #send} never waits. The channel keeps the last
 * {@code capacity} messages in a ring; a send into a full ring overwrites the oldest message. A
 * subscriber that had not read an overwritten message gets a {@link LaggedException} (with the
 * number of messages it missed) from its next receive, and is moved to the oldest message still
 * held, from where it continues. Slow subscribers therefore never slow down senders or other
 * subscribers, and always learn exactly how much they lost.
 *
 * <p>Messages are held until overwritten, even after every subscriber has read them. Closing
 * wakes every waiting subscriber; subscribers drain what they have not read, then fail with
 * {@link ChannelClosedException}. Receives are cancellation safe (a subscriber's position moves
 * only in a receive that completes). Thread-safe; {@code null} messages are not allowed.
 *
 * <p>A receive that completes spends a unit of the task's {@link dev.jawait.task.Coop} budget; one that yields for
 * the budget has not moved the subscriber's position.
 *
 * @param <T> the type of the messages
 */
public final class Broadcast<T> {
    private final OpLock lock = new OpLock();
    private final Object[] ring;
    /** Sequence number of the next message to be sent; message {@code s} is in {@code ring[s % capacity]}. */
    private long tail;
    private final WaitList<Subscriber<T>.ReceiveOp> waiting = new WaitList<>();
    private int subscribers;
    private boolean closed;

    private Broadcast(int capacity) {
        this.ring = new Object[capacity];
    }

    /** A broadcast channel that holds the last {@code capacity} messages ({@code >= 1}). */
    public static <T> Broadcast<T> create(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1: " + capacity);
        }
        return new Broadcast<>(capacity);
    }

    /**
     * Sends {@code message} to every current subscriber and wakes those waiting; never waits.
     * Returns the number of subscribers at the time of the send (zero: nobody will see it).
     *
     * @throws ChannelClosedException if the channel is closed
     */
    public int send(T message) {
        Objects.requireNonNull(message, "message");
        List<Waker> toWake;
        int count;
        lock.lock();
        try {
            if (closed) {
                throw new ChannelClosedException("send on a closed broadcast channel", message);
            }
            count = subscribers;
            if (count == 0) {
                return 0; // a new subscriber starts after the tail, so nobody could read it
            }
            ring[(int) (tail % ring.length)] = message;
            tail++;
            toWake = drainWaitingLocked();
        } finally {
            lock.unlock();
        }
        WaitList.wakeAll(toWake);
        return count;
    }

    /** A new subscriber that will receive every message sent from now on. */
    public Subscriber<T> subscribe() {
        lock.lock();
        try {
            subscribers++;
            return new Subscriber<>(this, tail);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the channel and wakes every waiting subscriber. Idempotent. */
    public void close() {
        List<Waker> toWake;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            toWake = drainWaitingLocked();
        } finally {
            lock.unlock();
        }
        WaitList.wakeAll(toWake);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The number of open subscribers. */
    public int subscriberCount() {
        lock.lock();
        try {
            return subscribers;
        } finally {
            lock.unlock();
        }
    }

    /** The number of receive futures waiting for a message. */
    public int waitingReceivers() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** The number of messages held in the ring. */
    public int capacity() {
        return ring.length;
    }

    private List<Waker> drainWaitingLocked() {
        List<Waker> toWake = new ArrayList<>(waiting.size());
        for (Subscriber<T>.ReceiveOp op : waiting.drain()) {
            Waker w = op.takeWaker();
            if (w != null) {
                toWake.add(w);
            }
        }
        return toWake;
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Broadcast[capacity=" + ring.length + ", sent=" + tail + ", subscribers="
                    + subscribers + (closed ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    /**
     * One subscriber's view of a {@link Broadcast}: its own position in the message sequence.
     * Meant to be used by one task; its methods are nevertheless thread-safe.
     *
     * @param <T> the type of the messages
     */
    public static final class Subscriber<T> implements AutoCloseable {
        private final Broadcast<T> chan;
        /** Sequence number of the next message to read; guarded by the channel's lock. */
        private long next;
        private boolean unsubscribed;

        private Subscriber(Broadcast<T> chan, long next) {
            this.chan = chan;
            this.next = next;
        }

        /**
         * A future of this subscriber's next message. Fails with {@link LaggedException} if
         * unread messages were overwritten (the next receive continues with the oldest held),
         * and with {@link ChannelClosedException} once the channel is closed and this subscriber
         * has read everything.
         */
        public Future<T> receive() {
            return new ReceiveOp();
        }

        /**
         * The next message if one is available, else {@code null}.
         *
         * @throws LaggedException as {@link #receive()}
         * @throws ChannelClosedException if closed and drained
         */
        public T tryReceive() {
            chan.lock.lock();
            try {
                return takeLocked();
            } finally {
                chan.lock.unlock();
            }
        }

        /** Unsubscribes: this subscriber no longer counts as a receiver. Idempotent. */
        @Override
        public void close() {
            chan.lock.lock();
            try {
                if (!unsubscribed) {
                    unsubscribed = true;
                    chan.subscribers--;
                }
            } finally {
                chan.lock.unlock();
            }
        }

        /** The next message, or {@code null} if none is available yet. */
        private T takeLocked() {
            if (unsubscribed) {
                throw new IllegalStateException("subscriber closed");
            }
            long oldest = Math.max(0, chan.tail - chan.ring.length);
            if (next < oldest) {
                long missed = oldest - next;
                next = oldest;
                throw new LaggedException(missed);
            }
            if (next < chan.tail) {
                @SuppressWarnings("unchecked")
                T m = (T) chan.ring[(int) (next % chan.ring.length)];
                next++;
                return m;
            }
            if (chan.closed) {
                throw new ChannelClosedException("broadcast channel closed and drained");
            }
            return null;
        }

        @Override
        public String toString() {
            return "Broadcast.Subscriber[next=" + next + " of " + chan + "]";
        }

        /** One receive of this subscriber. Guarded by the channel's lock. */
        final class ReceiveOp extends WaitList.Node implements Future<T> {
            private boolean done;

            @Override
            public Poll<T> poll(Context cx) {
                // Checked before a message is taken, so a yield skips none; a poll that finds
                // no message spends no budget.
                Coop.Budget coop = Coop.budget(cx);
                if (coop.mustYield(cx)) { // the budget is spent: the task was woken and yields
                    return Poll.pending();
                }
                chan.lock.lock();
                try {
                    if (done) {
                        throw new IllegalStateException(
                                "receive future polled after it completed or was cancelled");
                    }
                    T m;
                    try {
                        m = takeLocked();
                    } catch (RuntimeException e) {
                        finish();
                        throw e;
                    }
                    if (m != null) {
                        coop.spend(); // cannot refuse: the budget was checked above
                        finish();
                        return Poll.ready(m);
                    }
                    registerWaker(cx.waker());
                    if (!isLinked()) {
                        chan.waiting.addLast(this);
                    }
                    return Poll.pending();
                } finally {
                    chan.lock.unlock();
                }
            }

            private void finish() {
                done = true;
                chan.waiting.remove(this);
                dropWaker();
            }

            @Override
            public void cancel() {
                chan.lock.lock();
                try {
                    if (!done) {
                        finish();
                    }
                } finally {
                    chan.lock.unlock();
                }
            }

            @Override
            public String toString() {
                return "Broadcast.Subscriber.receive()";
            }
        }
    }
}
