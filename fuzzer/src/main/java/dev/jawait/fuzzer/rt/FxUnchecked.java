package dev.jawait.fuzzer.rt;

/** The unchecked exception generated programs throw, and that injected future failures may carry. */
public final class FxUnchecked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with a message that identifies where it came from. */
    public FxUnchecked(String message) {
        super(message);
    }
}
