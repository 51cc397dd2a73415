package dev.jawait.bench.floor;

import java.util.ArrayDeque;

/**
 * The floor's executor: a single-thread run queue of {@link Machine}s with no synchronisation.
 * Wakes go to the front ({@code lifo}, which keeps skynet's tree shallow) or the back; a yield
 * always goes to the back so that a busy machine cannot starve the others.
 */
public final class RunQueue {
    private final ArrayDeque<Machine> ready = new ArrayDeque<>(1024);
    private final boolean lifo;

    /**
     * @param lifo whether a wake runs the woken machine next (true) or after those already queued
     */
    public RunQueue(boolean lifo) {
        this.lifo = lifo;
    }

    /** Schedules {@code machine} to be resumed; a machine already queued is not queued twice. */
    public void wake(Machine machine) {
        if (!machine.queued) {
            machine.queued = true;
            if (lifo) {
                ready.addFirst(machine);
            } else {
                ready.addLast(machine);
            }
        }
    }

    /** Schedules {@code machine} behind everything already queued. */
    public void yieldNow(Machine machine) {
        if (!machine.queued) {
            machine.queued = true;
            ready.addLast(machine);
        }
    }

    /** Resumes queued machines until none is left. */
    public void runUntilIdle() {
        Machine next;
        while ((next = ready.pollFirst()) != null) {
            next.queued = false;
            next.resume(this);
        }
    }
}
