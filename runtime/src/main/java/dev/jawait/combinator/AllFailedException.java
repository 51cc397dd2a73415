package dev.jawait.combinator;

import java.util.List;

/**
 * Thrown by {@link Combinators#any(java.util.List) any} when every future failed. Its cause is the
 * first failure (in completion order); the other failures are {@linkplain #getSuppressed()
 * suppressed} exceptions, in completion order.
 */
public final class AllFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Throwable> failures;

    AllFailedException(List<Throwable> failures) {
        super("all " + failures.size() + " futures failed; first: " + failures.get(0), failures.get(0));
        this.failures = List.copyOf(failures);
        for (int i = 1; i < failures.size(); i++) {
            addSuppressed(failures.get(i));
        }
    }

    /** Every failure, in completion order. */
    public List<Throwable> failures() {
        return failures;
    }
}
