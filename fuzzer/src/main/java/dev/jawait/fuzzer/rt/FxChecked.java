package dev.jawait.fuzzer.rt;

/** The checked exception generated programs throw, and that injected future failures may carry. */
public final class FxChecked extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure with a message that identifies where it came from. */
    public FxChecked(String message) {
        super(message);
    }
}
