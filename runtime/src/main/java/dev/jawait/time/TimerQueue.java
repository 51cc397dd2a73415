package dev.jawait.time;

/**
 * Where a {@link Timer} keeps its pending {@link TimerEntry}s: the one structure a timer driver
 * needs, so that its implementation (a {@link TimerHeap} or a {@link TimerWheel}) can be chosen
 * per clock and compared side by side (benchmarks' {@code TimerQueues}).
 *
 * <p>Not thread-safe: guarded by the owning timer's lock.
 */
interface TimerQueue {
    /** The number of pending entries. */
    int size();

    /**
     * Adds {@code e}, stamping its tie-break order (entries with equal deadlines fire in the order
     * they were added). Returns whether {@code e} is now the earliest pending entry, that is,
     * whether a loop sleeping until {@link #nextDeadline()} must look again.
     */
    boolean add(TimerEntry e);

    /** Removes {@code e} if it is pending; returns whether it was. */
    boolean remove(TimerEntry e);

    /**
     * Removes and returns the earliest entry whose deadline is at or before {@code now}, or
     * {@code null} if none is due. Entries come out in (deadline, insertion) order.
     */
    TimerEntry pollDue(long now);

    /**
     * When the earliest pending entry is due, or {@link Long#MAX_VALUE} if none is pending. Exact
     * for a heap; a wheel may answer earlier (the start of the tick or slot that holds it), which is
     * a safe time for a loop to wake up and call {@link #pollDue} again.
     */
    long nextDeadline();

    /** Removes every entry and returns them (for shutdown). */
    TimerEntry[] clear();
}
