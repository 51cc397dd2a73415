package dev.jawait.bench.floor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.task.JoinHandle;

/**
 * A task of the benchmarks' yardstick executors ({@link MinimalTaskIdExecutor},
 * {@link TinyRunQueue}): its own waker and its own join handle, with only what the contract asks
 * of a handle (the outcome, one waiter, a value returned once) and no abort. Single-threaded:
 * plain fields, no atomic step. The executor decides what a wake does.
 */
abstract class FloorTask<T> extends Waker implements JoinHandle<T> {
    /** The spawned future, until it completes. */
    Future<T> future;
    /** The ready poll the future completed with, or null while pending. */
    Poll<T> outcome;
    private Waker waiter;
    private boolean returned;

    FloorTask(Future<T> future) {
        this.future = future;
    }

    /** Records the future's ready poll and wakes whoever awaits the handle. */
    @SuppressWarnings("unchecked")
    final void complete(Poll<?> ready) {
        outcome = (Poll<T>) ready;
        future = null;
        Waker w = waiter;
        if (w != null) {
            waiter = null;
            w.wake();
        }
    }

    @Override
    public final Poll<T> poll(Context cx) {
        if (outcome == null) {
            waiter = cx.waker();
            return Poll.pending();
        }
        if (returned) {
            throw new IllegalStateException("the outcome was already returned");
        }
        returned = true;
        return outcome;
    }

    @Override
    public final boolean isFinished() {
        return outcome != null;
    }

    @Override
    public final void abort() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no abort");
    }
}
