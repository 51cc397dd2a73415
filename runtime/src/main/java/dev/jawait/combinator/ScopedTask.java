package dev.jawait.combinator;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.internal.Sneaky;
import dev.jawait.sync.AtomicWaker;
import java.util.concurrent.CancellationException;

/**
 * A handle to a child {@linkplain TaskScope#fork forked} into a {@link TaskScope}, itself a future
 * of the child's outcome: its value, its failure (rethrown unwrapped), or
 * {@link CancellationException} if the child was aborted or cancelled with its scope.
 *
 * <p>Like a {@link dev.jawait.task.JoinHandle}, {@link #cancel()} only stops waiting (what an
 * awaiting machine does when it is itself cancelled); {@link #abort()} cancels the child. One
 * task at a time may await a handle; it may be polled from any thread.
 *
 * @param <T> the type of the child's value
 */
public final class ScopedTask<T> implements Future<T> {
    private static final int RUNNING = 0;
    private static final int SUCCEEDED = 1;
    private static final int FAILED = 2;
    private static final int CANCELLED = 3;

    private final AtomicWaker waiter = new AtomicWaker();
    /** Published by {@link #state}: written before it, read after it. */
    private Object value;
    private Throwable failure;
    private volatile int state = RUNNING;
    private boolean observed;
    /** Set by the scope right after creation. */
    ChildSet.Child child;

    ScopedTask() {}

    @Override
    public Poll<T> poll(Context cx) {
        if (observed) {
            throw new IllegalStateException("scoped task handle polled after it completed");
        }
        if (state == RUNNING) {
            waiter.register(cx.waker());
            if (state == RUNNING) {
                return Poll.pending();
            }
        }
        observed = true;
        waiter.clear();
        switch (state) {
            case SUCCEEDED:
                @SuppressWarnings("unchecked")
                T v = (T) value;
                return Poll.ready(v);
            case FAILED:
                throw Sneaky.<RuntimeException>sneak(failure);
            default:
                throw new CancellationException("scoped task was cancelled");
        }
    }

    /** Stops waiting for the child; the child keeps running in its scope. */
    @Override
    public void cancel() {
        waiter.clear();
    }

    /**
     * Cancels the child at its scope's next poll (a suspended {@code @Async} child runs its
     * {@code finally} blocks); awaiting this handle then throws {@link CancellationException}.
     * Does not fail the scope. Does nothing if the child has finished. Safe from any thread.
     */
    public void abort() {
        if (state == RUNNING) {
            child.requestAbort();
        }
    }

    /** Whether the child has completed, failed or been cancelled. */
    public boolean isFinished() {
        return state != RUNNING;
    }

    void succeeded(Object v) {
        value = v;
        complete(SUCCEEDED);
    }

    void failed(Throwable t) {
        failure = t;
        complete(FAILED);
    }

    void cancelled() {
        complete(CANCELLED);
    }

    private void complete(int outcome) {
        state = outcome;
        waiter.wake();
    }

    @Override
    public String toString() {
        return "ScopedTask[" + (child == null ? "?" : child.future) + ", state=" + state + "]";
    }
}
