package dev.jawait.channel;

/**
 * Thrown when a channel operation cannot complete because the channel is closed: a receive after
 * every message was drained, a send after {@code close()}, or a {@link Oneshot} receive whose
 * sender was closed without sending. A failed send carries the message it could not deliver.
 */
public final class ChannelClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Object undelivered;

    /** A closed-channel failure with no undelivered message. */
    public ChannelClosedException(String message) {
        this(message, null);
    }

    /** A failed send of {@code undelivered}. */
    public ChannelClosedException(String message, Object undelivered) {
        super(message);
        this.undelivered = undelivered;
    }

    /** The message a failed send could not deliver, or {@code null} for a failed receive. */
    public Object undelivered() {
        return undelivered;
    }
}
