package dev.jawait.bench.jawait;

import dev.jawait.Future;

/**
 * A one-message mailbox between two tasks: {@link #send} stores a message and wakes the receiver;
 * polling the slot (it is its own receive future, reusable) takes the message or registers the
 * waker. At most one message may be in flight, as in ping-pong.
 *
 * @param <T> the message type
 */
public interface Slot<T> extends Future<T> {
    /** Delivers {@code message} and wakes the receiver if it waits. */
    void send(T message);
}
