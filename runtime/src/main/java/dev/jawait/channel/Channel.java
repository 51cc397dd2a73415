package dev.jawait.channel;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.OpLock;
import dev.jawait.internal.WaitList;
import dev.jawait.task.Coop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A multi-producer, multi-consumer FIFO channel, {@link #bounded bounded} (senders wait for
 * space: back-pressure) or {@link #unbounded}. One object serves every producer and consumer;
 * all methods are thread-safe and wakers are woken outside the channel's lock.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>No loss, no duplicates.</b> A message is taken out of the channel only by the poll of
 *       a {@link #receive()} future that returns it (or by {@link #tryReceive()}). A receive that
 *       is cancelled has taken nothing, so a message is either delivered to a receive that
 *       completes or stays in the channel.</li>
 *   <li><b>Cancellation-safe sends.</b> A {@link #send} future puts its message in the channel
 *       only in the poll that completes it. A waiting send holds its place in a FIFO queue; when
 *       space frees up it is reserved for the oldest waiting send, and if that send is cancelled
 *       the reservation passes to the next one. A cancelled send has sent nothing.</li>
 *   <li><b>Fair senders.</b> Waiting sends get space in the order they first polled;
 *       {@link #trySend} never overtakes them.</li>
 *   <li><b>Close.</b> {@link #close()} wakes every waiting sender and receiver. Sends then fail
 *       with {@link ChannelClosedException} (carrying the undelivered message); receivers drain
 *       the messages still in the channel, then fail with {@link ChannelClosedException}.</li>
 * </ul>
 *
 * <p>Each message wakes one waiting receiver; receivers that poll without waiting may take it
 * first (the woken one then waits again), and a woken receiver that is cancelled passes its
 * wake-up on. {@code null} messages are not allowed.
 *
 * <p>A send or receive that completes spends a unit of the task's {@link dev.jawait.task.Coop} budget, so a task
 * that keeps sending into a channel with room (or receiving from one that is never empty) still
 * gives way to the other tasks. The budget is checked before the message moves: a send or
 * receive that yields for it has sent or taken nothing.
 *
 * @param <T> the type of the messages
 */
public final class Channel<T> {
    private final OpLock lock = new OpLock();
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final int capacity;
    /** Slots promised to granted sends that have not put their message in yet. */
    private int reserved;
    private final WaitList<SendOp> senders = new WaitList<>();
    private final WaitList<ReceiveOp> receivers = new WaitList<>();
    private boolean closed;

    private Channel(int capacity) {
        this.capacity = capacity;
    }

    /** A channel that holds at most {@code capacity} messages ({@code >= 1}). */
    public static <T> Channel<T> bounded(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1: " + capacity);
        }
        return new Channel<>(capacity);
    }

    /** A channel with no limit: sends never wait. */
    public static <T> Channel<T> unbounded() {
        return new Channel<>(Integer.MAX_VALUE);
    }

    /**
     * A future that puts {@code message} into the channel, waiting for space if it is full; it
     * fails with {@link ChannelClosedException} if the channel is closed before the message is
     * in. Nothing happens until it is polled.
     */
    public Future<Void> send(T message) {
        return new SendOp(Objects.requireNonNull(message, "message"));
    }

    /**
     * Puts {@code message} into the channel if there is space and no send is waiting; returns
     * whether it did.
     *
     * @throws ChannelClosedException if the channel is closed
     */
    public boolean trySend(T message) {
        Objects.requireNonNull(message, "message");
        Waker w;
        lock.lock();
        try {
            if (closed) {
                throw closedForSend(message);
            }
            if (!senders.isEmpty() || freeSlots() <= 0) {
                return false;
            }
            w = pushLocked(message);
        } finally {
            lock.unlock();
        }
        WaitList.wake(w);
        return true;
    }

    /**
     * A future of the next message. It fails with {@link ChannelClosedException} once the
     * channel is closed and empty. Cancelling it never loses a message.
     */
    public Future<T> receive() {
        return new ReceiveOp();
    }

    /**
     * Takes the next message if there is one; returns {@code null} if the channel is empty.
     *
     * @throws ChannelClosedException if the channel is closed and empty
     */
    public T tryReceive() {
        T m;
        Waker sender;
        Waker receiver;
        lock.lock();
        try {
            m = buffer.pollFirst();
            if (m == null) {
                if (closed) {
                    throw closedForReceive();
                }
                return null;
            }
            sender = grantSenderLocked();
            receiver = buffer.isEmpty() ? null : notifyReceiverLocked();
        } finally {
            lock.unlock();
        }
        WaitList.wake(sender);
        WaitList.wake(receiver);
        return m;
    }

    /**
     * Closes the channel and wakes every waiting sender and receiver. Idempotent.
     */
    public void close() {
        List<Waker> toWake = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (SendOp s : senders.drain()) {
                s.state = SendOp.CLOSED;
                collect(s.takeWaker(), toWake);
            }
            for (ReceiveOp r : receivers.drain()) {
                r.notified = true;
                collect(r.takeWaker(), toWake);
            }
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

    /** The number of messages in the channel. */
    public int size() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /** The capacity; {@link Integer#MAX_VALUE} for an unbounded channel. */
    public int capacity() {
        return capacity;
    }

    /** The number of send futures waiting for space. */
    public int waitingSenders() {
        lock.lock();
        try {
            return senders.size();
        } finally {
            lock.unlock();
        }
    }

    /** The number of receive futures waiting for a message. */
    public int waitingReceivers() {
        lock.lock();
        try {
            return receivers.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Channel[size=" + buffer.size()
                    + (capacity == Integer.MAX_VALUE ? "" : ", capacity=" + capacity)
                    + ", waitingSenders=" + senders.size() + ", waitingReceivers="
                    + receivers.size() + (closed ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    // ---- helpers, all called with the lock held; they return the waker to wake after unlock ----

    private long freeSlots() {
        return (long) capacity - buffer.size() - reserved;
    }

    private Waker pushLocked(T message) {
        buffer.addLast(message);
        return notifyReceiverLocked();
    }

    /** Picks the oldest waiting receiver to try again. */
    private Waker notifyReceiverLocked() {
        ReceiveOp r = receivers.pollFirst();
        if (r == null) {
            return null;
        }
        r.notified = true;
        return r.takeWaker();
    }

    /** A slot may have freed: reserve it for the oldest waiting send. */
    private Waker grantSenderLocked() {
        if (freeSlots() <= 0) {
            return null;
        }
        SendOp s = senders.pollFirst();
        if (s == null) {
            return null;
        }
        s.state = SendOp.GRANTED;
        reserved++;
        return s.takeWaker();
    }

    private static void collect(Waker w, List<Waker> into) {
        if (w != null) {
            into.add(w);
        }
    }

    private static ChannelClosedException closedForSend(Object message) {
        return new ChannelClosedException("send on a closed channel", message);
    }

    private static ChannelClosedException closedForReceive() {
        return new ChannelClosedException("channel closed and drained");
    }

    /** One send. Guarded by the channel's lock. */
    private final class SendOp extends WaitList.Node implements Future<Void> {
        static final int NEW = 0;
        static final int QUEUED = 1;
        /** A slot is reserved for this send. */
        static final int GRANTED = 2;
        static final int CLOSED = 3;
        static final int DONE = 4;

        private T message;
        int state = NEW;

        SendOp(T message) {
            this.message = message;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            // Checked before the message goes in: a send that yields keeps its message (and a
            // granted one its reserved slot) for the next poll.
            Coop.Budget coop = Coop.budget(cx);
            if (coop.mustYield(cx)) { // the budget is spent: the task was woken and yields
                return Poll.pending();
            }
            Waker w;
            lock.lock();
            try {
                switch (state) {
                    case NEW:
                        if (closed) {
                            throw fail();
                        }
                        if (senders.isEmpty() && freeSlots() > 0) {
                            coop.spend(); // cannot refuse: the budget was checked above
                            w = complete();
                            break;
                        }
                        state = QUEUED;
                        registerWaker(cx.waker());
                        senders.addLast(this);
                        return Poll.pending();
                    case QUEUED:
                        registerWaker(cx.waker());
                        return Poll.pending();
                    case GRANTED:
                        reserved--;
                        if (closed) {
                            throw fail();
                        }
                        coop.spend();
                        w = complete();
                        break;
                    case CLOSED:
                        throw fail();
                    default:
                        throw new IllegalStateException(
                                "send future polled after it completed or was cancelled");
                }
            } finally {
                lock.unlock();
            }
            WaitList.wake(w);
            return Poll.ready(null);
        }

        private Waker complete() {
            state = DONE;
            T m = message;
            message = null;
            return pushLocked(m);
        }

        private ChannelClosedException fail() {
            state = DONE;
            T m = message;
            message = null;
            return closedForSend(m);
        }

        @Override
        public void cancel() {
            Waker passOn = null;
            lock.lock();
            try {
                if (state == QUEUED) {
                    senders.remove(this);
                    dropWaker();
                } else if (state == GRANTED) {
                    reserved--;
                    passOn = grantSenderLocked();
                } else if (state == DONE) {
                    return;
                }
                state = DONE;
                message = null;
            } finally {
                lock.unlock();
            }
            WaitList.wake(passOn);
        }

        @Override
        public String toString() {
            return "Channel.send(" + message + ") on " + Channel.this;
        }
    }

    /** One receive. Guarded by the channel's lock. */
    private final class ReceiveOp extends WaitList.Node implements Future<T> {
        /** Removed from the wait list to try again (by a new message or by close). */
        boolean notified;
        private boolean done;

        @Override
        public Poll<T> poll(Context cx) {
            // Checked before a message is taken, so a yield loses none; a poll that finds no
            // message spends no budget.
            Coop.Budget coop = Coop.budget(cx);
            if (coop.mustYield(cx)) { // the budget is spent: the task was woken and yields
                return Poll.pending();
            }
            T m;
            Waker sender;
            Waker receiver;
            lock.lock();
            try {
                if (done) {
                    throw new IllegalStateException(
                            "receive future polled after it completed or was cancelled");
                }
                m = buffer.pollFirst();
                if (m == null) {
                    if (closed) {
                        finish();
                        throw closedForReceive();
                    }
                    registerWaker(cx.waker());
                    if (!isLinked()) {
                        receivers.addLast(this);
                    }
                    notified = false;
                    return Poll.pending();
                }
                coop.spend(); // cannot refuse: the budget was checked above
                finish();
                sender = grantSenderLocked();
                // Belt and braces: if messages remain and someone waits, make sure they look.
                receiver = buffer.isEmpty() ? null : notifyReceiverLocked();
            } finally {
                lock.unlock();
            }
            WaitList.wake(sender);
            WaitList.wake(receiver);
            return Poll.ready(m);
        }

        private void finish() {
            done = true;
            receivers.remove(this);
            dropWaker();
        }

        @Override
        public void cancel() {
            Waker passOn = null;
            lock.lock();
            try {
                if (done) {
                    return;
                }
                done = true;
                if (receivers.remove(this)) {
                    dropWaker();
                } else if (notified && !buffer.isEmpty()) {
                    // We were picked for a message we will never take: pick someone else.
                    passOn = notifyReceiverLocked();
                }
            } finally {
                lock.unlock();
            }
            WaitList.wake(passOn);
        }

        @Override
        public String toString() {
            return "Channel.receive() on " + Channel.this;
        }
    }
}
