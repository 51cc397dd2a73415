package dev.jawait.net;

import java.io.IOException;

/**
 * An operation could not complete because its {@link Reactor} was closed (or failed) while the
 * operation was pending, or before it started. The socket involved has been closed.
 */
public final class ReactorClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message} and the reactor's own failure, if any, as cause. */
    public ReactorClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
