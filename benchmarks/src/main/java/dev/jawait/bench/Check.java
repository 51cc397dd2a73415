package dev.jawait.bench;

/** Assertions that stay on without {@code -ea}: a row that computes a wrong answer must not report a time. */
public final class Check {
    private Check() {}

    /**
     * @throws IllegalStateException with {@code message} unless {@code condition}
     */
    public static void that(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
