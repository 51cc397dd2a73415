package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Poll;
import dev.jawait.task.JoinHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;

/**
 * The {@link JoinHandle} of a {@link WorkStealingExecutor} task: a 16-byte view of the pooled
 * {@link WsTask} that runs it, which holds the outcome (it is the task's
 * {@link dev.jawait.task.JoinCell}). It is all a spawn allocates.
 *
 * <p>The view holds a counted reference on the task object, so the object cannot be reused while
 * the view may still read it. It gives the reference up, and forgets the object (its field becomes
 * {@code null}), once it has returned the outcome, or once it was {@link #cancel() cancelled} and
 * the task finished (if the task was still running when {@link #cancel()} returned, the worker
 * that finishes it releases the reference; see {@link WsTask}). A view
 * that forgot its object is <em>stale</em>: its task is finished, so {@link #abort()} does
 * nothing, {@link #isFinished()} is true, and {@link #poll} throws {@link IllegalStateException}.
 *
 * <p>Calls from other threads ({@link #abort()}, {@link #isFinished()}) read the field, read the
 * object, and read the field again: the reference is released only after the field is cleared,
 * so if the field still names the object, what was read belonged to this view's task.
 *
 * <p>A view garbage collected without giving up its reference leaves its object unpooled, to be
 * collected with it; a failure of its task is reported once the view is collected.
 *
 * @param <T> the type of the task's value
 */
final class WsJoinHandle<T> implements JoinHandle<T> {
    private static final VarHandle TASK;

    static {
        try {
            TASK = MethodHandles.lookup().findVarHandle(WsJoinHandle.class, "task", WsTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The task object while this view holds its reference; {@code null} afterwards. */
    private volatile WsTask task;

    WsJoinHandle(WsTask task) {
        this.task = task;
    }

    /**
     * Returns the task's value once it is complete, or registers {@code cx}'s waker.
     *
     * @throws java.util.concurrent.CancellationException if the task was aborted
     * @throws IllegalStateException if this handle already returned its outcome, or was cancelled
     *     after its task finished
     */
    @Override
    @SuppressWarnings("unchecked")
    public Poll<T> poll(Context cx) {
        WsTask t = task;
        if (t == null) {
            throw new IllegalStateException("JoinHandle polled after it returned the task's outcome"
                    + " (or after it was cancelled once its task had finished)");
        }
        boolean outcomeTaken = true; // also when the poll throws the task's failure
        try {
            Poll<Object> p = t.poll(cx);
            outcomeTaken = p.isReady();
            return (Poll<T>) p;
        } finally {
            if (outcomeTaken) {
                release(t);
            }
            // The failure rule watches this view: keep it reachable until the cell has unlinked
            // the failure it is returning (the cell's own fence covers only the cell).
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Stops waiting; the task keeps running. A failure it had or will have goes to the handler
     * unless this handle returned it.
     */
    @Override
    public void cancel() {
        WsTask t = task;
        if (t == null) {
            return;
        }
        long generation = t.generation();
        if (task != t || !t.claimHandleCancel(generation)) {
            return; // released meanwhile (the task finished), or this handle was cancelled already
        }
        t.cancel(); // the cell: nobody awaits any more; reports a failure the task already had
        // The reference is released only now, once the cell is no longer read: by this thread if
        // the task has finished, otherwise by the worker that finishes it.
        if (!t.handOverHandleReference()) {
            release(t);
        }
        Reference.reachabilityFence(this); // as in poll: the cell may be reporting the failure
    }

    @Override
    public void abort() {
        WsTask t = task;
        if (t == null) {
            return; // stale: the task finished
        }
        long generation = t.generation();
        if (task != t) {
            return; // released meanwhile: the task finished, the generation may be another's
        }
        // Still ours when the generation was read. The task may finish (and its object be reused)
        // right now: compared in the same CAS that sets CANCELLED, the generation makes a late
        // abort a no-op.
        t.abort(generation);
    }

    @Override
    public boolean isFinished() {
        WsTask t = task;
        if (t == null) {
            return true;
        }
        boolean finished = t.isFinished();
        return finished || task != t;
    }

    /** Worker, after delivering the outcome: releases the reference a cancelled handle left to it. */
    void releaseIfHandedOver(WsTask t) {
        if (t.handleReferenceHandedOver()) {
            release(t);
        }
    }

    /** Gives up this view's reference, once (the field is the claim). */
    private void release(WsTask t) {
        if (TASK.compareAndSet(this, t, null)) {
            t.drop();
        }
    }

    /** The pooled object that runs this handle's task, while the handle holds it; for tests. */
    WsTask taskObject() {
        return task;
    }

    @Override
    public String toString() {
        WsTask t = task;
        if (t != null) {
            String s = t.handleString();
            if (task == t) {
                return s;
            }
        }
        return "JoinHandle[outcome taken]";
    }
}
