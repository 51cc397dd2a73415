package dev.jawait.task;

import dev.jawait.Context;
import dev.jawait.internal.Cells;
import dev.jawait.internal.ContextBridge;

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
 * <p>Who spends it (one unit per ready result; a poll that finds nothing ready spends none):
 * <ul>
 *   <li>{@code dev.jawait.task}: join handles, per outcome they return;</li>
 *   <li>{@code dev.jawait.channel}: {@code Channel} receives and sends (a send into a channel with
 *       room, bounded or not), {@code Broadcast} receives, {@code Oneshot} receivers;</li>
 *   <li>{@code dev.jawait.sync}: {@code Semaphore} acquisitions (so {@code Mutex} locks),
 *       {@code Notify} notifications, {@code Latch} openings, {@code Barrier} arrivals;</li>
 *   <li>{@code dev.jawait.net}: every socket operation (read, write, accept, connect,
 *       readable);</li>
 *   <li>{@code dev.jawait.time}: sleeps that are ready (elapsed), so interval ticks too. A
 *       {@code timeout}'s own deadline is exempt, so that it still fires around an inner future
 *       that spends the whole budget every poll (as in tokio).</li>
 * </ul>
 *
 * <p>A future that would take something to become ready (a permit, a message, bytes from a
 * socket) must not take it and then be told to yield. Those futures first ask
 * {@link #mustYield(Context)} (which wakes the task when its budget is spent; they then return
 * pending having touched nothing), and call {@link #proceed} only on the path that returns ready,
 * where it cannot refuse (or, holding the thread's budget from {@link #budget(Context)}, ask
 * {@link Budget#mustYield} and {@link Budget#spend} it, as jawait's own futures do). Checking first also keeps a pending poll from spending a unit: a task
 * that polls more than {@value #UNITS} pending futures (a join over many receives) still
 * registers every one of them. (tokio gets the same by refunding the unit of a pending poll.)
 */
public final class Coop {
    /** Units of progress one poll of a task may make (tokio's value). */
    public static final int UNITS = 128;

    /** The remaining-units value of a thread that is not inside an executor's poll. */
    private static final int UNCONSTRAINED = -1;

    private static final ThreadLocal<Budget> CURRENT = ThreadLocal.withInitial(Budget::new);

    private Coop() {}

    /**
     * The calling thread's budget, by a thread-local look-up. Executors fetch it once per run loop
     * (with {@link #attach}, which also hands it to their context) and then
     * {@link Budget#enter() enter} and {@link Budget#exit(int) exit} it around each poll.
     *
     * @return this thread's budget
     */
    public static Budget budget() {
        return CURRENT.get();
    }

    /**
     * The calling thread's budget, found without a thread-local look-up when {@code cx} is an
     * executor's context that carries it (jawait's executors give theirs the polling thread's
     * budget); otherwise, or if the budget {@code cx} carries is another thread's, looked up as
     * {@link #budget()} does. For a future in its poll, with the context it was given.
     *
     * @param cx the context of the current poll
     * @return this thread's budget
     */
    public static Budget budget(Context cx) {
        Object hint = ContextBridge.budgetHint(cx);
        if (hint instanceof Budget && ((Budget) hint).thread == Thread.currentThread()) {
            return (Budget) hint;
        }
        return CURRENT.get();
    }

    /**
     * Makes {@code cx} carry the calling thread's budget, for {@link #budget(Context)}: for an
     * executor, when a thread starts polling tasks with {@code cx}. A context carries one
     * thread's budget at a time; a poll on another thread still finds its own by a look-up.
     *
     * @param cx a context the calling thread is about to poll with
     * @return this thread's budget
     */
    public static Budget attach(Context cx) {
        Budget b = CURRENT.get();
        if (ContextBridge.budgetHint(cx) != b) {
            ContextBridge.setBudgetHint(cx, b); // rarely: the context is long-lived (a card mark)
        }
        return b;
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
        return budget(cx).proceed(cx);
    }

    /**
     * For a future about to take something (a permit, a message, bytes) on its way to ready:
     * whether the task has spent its budget in this poll. If so, the task has been woken through
     * {@code cx} and the future must return pending without taking anything; nothing is spent
     * either way ({@link #proceed} spends the unit once the future is ready).
     *
     * @param cx the context of the current poll
     * @return whether the future must yield now
     */
    public static boolean mustYield(Context cx) {
        return budget(cx).mustYield(cx);
    }

    /** One thread's budget. Only its own thread uses it. */
    public static final class Budget {
        /**
         * The units left, in a {@link Cells cell}: written at every poll, and two threads'
         * budgets must never share a cache line.
         */
        private final int[] cell = new int[Cells.LENGTH];

        /** The thread this budget belongs to (see {@link Coop#proceed(Context, Budget)}). */
        private final Thread thread = Thread.currentThread();

        private Budget() {
            cell[Cells.INDEX] = UNCONSTRAINED;
        }

        /**
         * Starts a poll of a task with a full budget.
         *
         * @return the previous state, to pass to {@link #exit(int)} (an executor nested inside
         *     another's poll restores the outer task's budget)
         */
        public int enter() {
            int previous = cell[Cells.INDEX];
            cell[Cells.INDEX] = UNITS;
            return previous;
        }

        /**
         * Lifts the budget while the thread drives futures outside any task's poll (a
         * {@code blockOn} nested inside a task, say), where a future must never be told to yield.
         *
         * @return the previous state, to pass to {@link #exit(int)}
         */
        public int unconstrain() {
            int previous = cell[Cells.INDEX];
            cell[Cells.INDEX] = UNCONSTRAINED;
            return previous;
        }

        /**
         * Ends the poll started by the matching {@link #enter()} or {@link #unconstrain()}.
         *
         * @param previous what that {@code enter()} returned
         */
        public void exit(int previous) {
            cell[Cells.INDEX] = previous;
        }

        /**
         * Units left in the current poll, or -1 outside an executor's poll. Zero means the task
         * has spent its budget: a future checks this before taking anything (see the class
         * comment), and tests read it.
         */
        public int remaining() {
            return cell[Cells.INDEX];
        }

        /**
         * {@link Coop#mustYield(Context)} on this budget, for a future that then calls
         * {@link #spend()} on its ready path: the budget is found once (by
         * {@link Coop#budget(Context)}) instead of twice.
         *
         * @param cx the context of the poll; its waker is woken if the budget is spent
         * @return {@code true} if the budget is spent (the task was woken and must yield)
         */
        public boolean mustYield(Context cx) {
            if (cell[Cells.INDEX] != 0) {
                return false;
            }
            cx.waker().wakeByRef();
            return true;
        }

        /** {@link Coop#proceed(Context)} on this budget. */
        boolean proceed(Context cx) {
            if (mustYield(cx)) {
                return false;
            }
            spend();
            return true;
        }

        /**
         * Spends one unit on a ready result, after {@link #mustYield(Context)} returned
         * {@code false} in the same poll (so it never refuses).
         */
        public void spend() {
            if (cell[Cells.INDEX] > 0) {
                cell[Cells.INDEX]--;
            }
        }
    }
}
