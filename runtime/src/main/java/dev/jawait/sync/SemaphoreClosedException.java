package dev.jawait.sync;

/** Thrown by an acquisition from a {@link Semaphore} that was {@link Semaphore#close() closed}. */
public final class SemaphoreClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An exception with the standard message. */
    public SemaphoreClosedException() {
        super("semaphore closed");
    }
}
