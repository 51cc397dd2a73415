package dev.jawait.channel;

/**
 * Thrown by a {@link Broadcast.Subscriber}'s receive when it fell so far behind that messages it
 * had not read were overwritten. The subscriber has been moved to the oldest message still held,
 * so the next receive continues from there.
 */
public final class LaggedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How many messages the subscriber missed. */
    private final long missed;

    /** A lag of {@code missed} messages. */
    public LaggedException(long missed) {
        super("subscriber lagged behind and missed " + missed + " message(s)");
        this.missed = missed;
    }

    /** The number of messages this subscriber will never see. */
    public long missed() {
        return missed;
    }
}
