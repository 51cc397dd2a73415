package dev.jawait.net;

/**
 * The time limit of one pending operation. The reactor keeps pending deadlines in a
 * {@link DeadlineHeap} and selects no longer than until the nearest one; when it passes, the
 * deadline is marked expired and the operation's waiter is woken to fail with a timeout.
 *
 * <p>Created and cancelled on any thread; added to and removed from the heap on the reactor thread
 * only (through {@link #apply}).
 */
final class Deadline implements Reactor.Command {
    /** {@link System#nanoTime()} at which the operation times out. */
    final long at;
    private final WakerSlot waiter;
    private volatile boolean expired;
    private volatile boolean cancelled;
    /** Position in the heap, or -1; reactor thread only. */
    int heapIndex = -1;

    Deadline(long at, WakerSlot waiter) {
        this.at = at;
        this.waiter = waiter;
    }

    /** Whether the deadline has passed. */
    boolean isExpired() {
        return expired;
    }

    /** Whether the operation finished (or gave up) before the deadline. */
    boolean isCancelled() {
        return cancelled;
    }

    /** Called by the reactor when the deadline passes: marks it, then wakes the waiter. */
    void expire() {
        if (cancelled) {
            return;
        }
        // Set before waking: the operation stores its waker before it reads the flag, so it
        // either sees the flag or its waker is the one woken here.
        expired = true;
        waiter.wake();
    }

    /** The operation no longer needs this deadline; the reactor drops it on its next turn. */
    void cancel(Reactor reactor) {
        if (!cancelled) {
            cancelled = true;
            // Not urgent: a stale entry at worst wakes the reactor once, so no selector wakeup.
            reactor.submitLazily(this);
        }
    }

    @Override
    public void apply(Reactor reactor) {
        reactor.updateDeadline(this);
    }
}
