package dev.jawait;

/**
 * The four operations behind a {@link Waker} built from a data word, after Rust's
 * {@code RawWakerVTable}. A custom executor keeps one instance per waker strategy and encodes the
 * task in the {@code long} data word (a slot index and generation, say), so that waking allocates
 * nothing.
 *
 * <p>Every method may be called from any thread.
 *
 * @see Waker#fromRaw(long, RawWakerVTable)
 */
public interface RawWakerVTable {
    /** Returns the data word of a new waker for the same task (often {@code data} itself). */
    long clone(long data);

    /** Wakes the task and releases this waker's claim on it. */
    void wake(long data);

    /** Wakes the task; the waker stays usable. */
    void wakeByRef(long data);

    /** Releases this waker's claim on the task without waking it. */
    void drop(long data);
}
