package dev.jawait.executor;

import dev.jawait.task.JoinCell;
import dev.jawait.task.UnobservedFailures;

/**
 * The {@link dev.jawait.task.JoinHandle} of a {@link WorkStealingExecutor} task: a
 * {@link JoinCell} (which holds the outcome and applies the unobserved-failure rule) that knows
 * which incarnation of which pooled {@link WsTask} runs its task.
 *
 * <p>It is the one object a spawn allocates. The task object moves its outcome into this cell when
 * it finishes and is recycled at once, whether or not anybody keeps the handle. The handle reaches
 * the object only to {@link #abort()} it, through the generation it was created for, so a handle
 * that outlives its task never touches the object's next occupant.
 *
 * @param <T> the type of the task's value
 */
final class WsJoinHandle<T> extends JoinCell<T> {
    private final WsTask task;
    private final long generation;

    WsJoinHandle(Object future, WsTask task, long generation) {
        super(future);
        this.task = task;
        this.generation = generation;
    }

    @Override
    protected UnobservedFailures failures() {
        return task.executor.failures;
    }

    /** Waking a handle wakes its task, if it is still running (the generation guards reuse). */
    @Override
    public void wakeByRef() {
        task.wakeIfGeneration(generation);
    }

    @Override
    public void abort() {
        if (!isFinished()) {
            // The task may finish (and its object be reused) right now: the generation, compared
            // in the same CAS that sets CANCELLED, makes a late abort a no-op.
            task.abort(generation);
        }
    }

    /** Delivers the outcome; called once, by the worker that finished the task. */
    @SuppressWarnings("unchecked")
    void deliver(Object value, Throwable failure, boolean cancelled) {
        if (cancelled) {
            completeCancelled();
        } else if (failure != null) {
            fail(failure);
        } else {
            complete((T) value);
        }
    }

    /** The task's label as the executor's task dump shows it ({@code #<hex>.<generation>}). */
    @Override
    protected String taskLabel() {
        return task.label(generation);
    }

    /** The pooled object that ran (or runs) this handle's task; for tests. */
    WsTask taskObject() {
        return task;
    }

    /** The incarnation of {@link #taskObject()} this handle belongs to; for tests. */
    long generation() {
        return generation;
    }
}
