package dev.jawait.bench.floor;

/**
 * A hand-written task: a subclass keeps an {@code int state} and a {@code switch} in
 * {@link #resume}, and is driven by a {@link RunQueue}. It is the floor every row is compared
 * with: what generated code plus an executor could reach if they cost nothing beyond the user's
 * own state and one queue push per wake (baselines.md, "hand-written machine").
 */
public abstract class Machine {
    /** Set while the machine sits in a run queue, so that many wakes cost one resume. */
    boolean queued;

    /** For subclasses. */
    protected Machine() {}

    /**
     * Runs until the machine must wait or is finished.
     *
     * @param queue the queue that resumed it, to wake other machines or itself
     */
    protected abstract void resume(RunQueue queue);
}
