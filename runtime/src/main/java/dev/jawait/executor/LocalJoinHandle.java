package dev.jawait.executor;

import dev.jawait.task.JoinCell;
import dev.jawait.task.UnobservedFailures;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link LocalExecutor}'s join handle: a {@link JoinCell} that knows its task's id, so that
 * {@link #abort()} can wake the task and let the executor cancel it.
 *
 * @param <T> the type of the task's value
 */
final class LocalJoinHandle<T> extends JoinCell<T> {
    static final long UNASSIGNED = -1;

    private static final VarHandle ID;

    static {
        try {
            ID = MethodHandles.lookup().findVarHandle(LocalJoinHandle.class, "id", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LocalExecutor executor;

    /** The task id once the executor has given the task a slot (a foreign spawn gets it later). */
    private volatile long id = UNASSIGNED;

    /** Set by {@link #abort()}; the executor checks it before and after every poll. */
    volatile boolean abortRequested;

    LocalJoinHandle(LocalExecutor executor, UnobservedFailures failures, Object task) {
        super(failures, task);
        this.executor = executor;
    }

    /**
     * Spawning thread, for a spawn made on the executor thread: the handle is not shared yet, so
     * a plain store suffices (whoever receives the handle receives it through some
     * synchronisation).
     */
    void assignBeforePublishing(long taskId) {
        ID.set(this, taskId);
    }

    /** Executor thread: a spawn that came through the inbox got its slot. */
    void assign(long taskId) {
        // Volatile, paired with abort(): abort writes the flag then reads the id, the executor
        // writes the id then reads the flag, so one of them sees the other.
        ID.setVolatile(this, taskId);
    }

    @Override
    public void abort() {
        if (isFinished() || abortRequested) {
            return;
        }
        abortRequested = true;
        long taskId = id;
        if (taskId != UNASSIGNED) {
            // Schedule the task so that the executor notices; if it is running, it is cancelled
            // right after the current poll returns. A stale id is ignored.
            executor.wake(taskId);
        }
        // Not assigned yet: the executor checks the flag before the first poll.
    }

    /** The task id as the executor's task dump shows it ({@code #slot.generation}). */
    @Override
    protected String taskLabel() {
        long taskId = id;
        return taskId == UNASSIGNED ? "(not started)" : LocalExecutor.formatId(taskId);
    }

    // Executor-side completion, widened for the executor package.
    boolean completeWith(T value) {
        return complete(value);
    }

    boolean failWith(Throwable failure) {
        return fail(failure);
    }

    boolean markCancelled() {
        return completeCancelled();
    }
}
