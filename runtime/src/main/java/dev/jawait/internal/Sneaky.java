package dev.jawait.internal;

/** Throws any {@link Throwable} without wrapping it, checked or not. Not part of the API. */
public final class Sneaky {
    private Sneaky() {}

    /**
     * Throws {@code t} as it is. Declared to return an exception so that callers can write
     * {@code throw Sneaky.sneak(t);} and javac knows the statement does not complete.
     */
    @SuppressWarnings("unchecked")
    public static <X extends Throwable> X sneak(Throwable t) throws X {
        throw (X) t;
    }
}
