package dev.jawait.task;

import dev.jawait.Context;

/**
 * Cooperative scheduling budget (tokio's {@code coop}): a task may make at most {@value #UNITS}
 * steps of progress through already-ready futures in one poll; after that, such futures pretend
 * to be pending (after waking the task), so the task returns to the back of its executor's queue
 * and the others get their turn. Without it, a task awaiting a long chain of futures that are all
 * ready, or a loop over an always-ready source, would never return from its poll.
 *
 * <p>The budget belongs to the thread: an executor {@linkplain Budget#enter() enters} a fresh one
 * around each poll of a task, and futures call {@link #proceed(Context)} on the path where they
 * are about to return ready. Outside an executor's poll (in {@code blockOn}, or on a thread no
 * executor runs on) the budget is unconstrained, so {@link #proceed} always allows.
 *
 * <p>jawait's join handles consume one unit per outcome they return.
 */
public final class Coop {
    /** Units of progress one poll of a task may make (tokio's value). */
    public static final int UNITS = 128;

    /** The remaining-units value of a thread that is not inside an executor's poll. */
    private static final int UNCONSTRAINED = -1;

    private static final ThreadLocal<Budget> CURRENT = ThreadLocal.withInitial(Budget::new);

    private Coop() {}

    /**
     * The calling thread's budget. Executors fetch it once per run loop (a thread-local lookup)
     * and then {@link Budget#enter() enter} and {@link Budget#exit(int) exit} it around each poll.
     *
     * @return this thread's budget
     */
    public static Budget budget() {
        return CURRENT.get();
    }

    /**
     * For a future about to return ready: consumes one unit and returns {@code true}; or, if the
     * task has spent its budget in this poll, wakes it through {@code cx} and returns
     * {@code false}, and the future must return pending instead (keeping its result for the next
     * poll).
     *
     * @param cx the context of the current poll
     * @return whether the future may return ready
     */
    public static boolean proceed(Context cx) {
        Budget b = CURRENT.get();
        int left = b.remaining;
        if (left == UNCONSTRAINED) {
            return true;
        }
        if (left == 0) {
            cx.waker().wakeByRef();
            return false;
        }
        b.remaining = left - 1;
        return true;
    }

    /** One thread's budget. Only its own thread uses it. */
    public static final class Budget {
        private int remaining = UNCONSTRAINED;

        private Budget() {}

        /**
         * Starts a poll of a task with a full budget.
         *
         * @return the previous state, to pass to {@link #exit(int)} (an executor nested inside
         *     another's poll restores the outer task's budget)
         */
        public int enter() {
            int previous = remaining;
            remaining = UNITS;
            return previous;
        }

        /**
         * Lifts the budget while the thread drives futures outside any task's poll (a
         * {@code blockOn} nested inside a task, say), where a future must never be told to yield.
         *
         * @return the previous state, to pass to {@link #exit(int)}
         */
        public int unconstrain() {
            int previous = remaining;
            remaining = UNCONSTRAINED;
            return previous;
        }

        /**
         * Ends the poll started by the matching {@link #enter()} or {@link #unconstrain()}.
         *
         * @param previous what that {@code enter()} returned
         */
        public void exit(int previous) {
            remaining = previous;
        }

        /** Units left in the current poll, or -1 outside an executor's poll (for tests). */
        public int remaining() {
            return remaining;
        }
    }
}
