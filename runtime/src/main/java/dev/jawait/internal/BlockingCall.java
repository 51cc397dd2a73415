package dev.jawait.internal;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.sync.AtomicWaker;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * {@link dev.jawait.Futures#blocking}: a call that may block, run on a thread of another
 * {@link Executor} and awaited without blocking the polling thread.
 *
 * <p>The first poll submits the call (futures are lazy). A poll registers its waker in an
 * {@link AtomicWaker} and then checks for completion; the call's completion hook wakes the slot:
 * one of the two always sees the other.
 * Cancelling before the first poll means the call never runs; cancelling after it interrupts the
 * thread running it ({@link FutureTask#cancel(boolean) cancel(true)}), and its outcome is dropped.
 *
 * @param <T> the type of the call's value
 */
public final class BlockingCall<T> implements Future<T> {
    private final Callable<T> call;
    private final Executor executor;

    /** The submitted call; {@code null} until the first poll. */
    private Submitted submitted;

    /** Set once the outcome was handed out, the call was rejected, or the future was cancelled. */
    private boolean finished;

    private final AtomicWaker waker = new AtomicWaker();

    /**
     * @param call the work, run once on a thread of {@code executor}
     * @param executor where to run it
     */
    public BlockingCall(Callable<T> call, Executor executor) {
        this.call = call;
        this.executor = executor;
    }

    @Override
    public Poll<T> poll(Context cx) {
        if (finished) {
            throw new IllegalStateException(
                    "Futures.blocking(...) polled after it completed or was cancelled");
        }
        Submitted task = submitted;
        if (task == null) {
            task = new Submitted();
            submitted = task;
            try {
                executor.execute(task);
            } catch (RuntimeException | Error rejected) {
                finished = true; // RejectedExecutionException, say: the await throws it
                throw rejected;
            }
        }
        if (!task.isDone()) {
            waker.register(cx.waker());
            if (!task.isDone()) {
                return Poll.pending();
            }
        }
        finished = true;
        waker.clear();
        return Poll.ready(outcomeOf(task));
    }

    @Override
    public void cancel() {
        if (finished) {
            return;
        }
        finished = true;
        waker.clear(); // first, so that the completion hook cancel(true) runs finds no waker
        Submitted task = submitted;
        if (task != null) {
            task.cancel(true);
        }
    }

    /** The value of a finished call, or its failure thrown as it is (checked ones too). */
    private static <T> T outcomeOf(FutureTask<T> done) {
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw Sneaky.<RuntimeException>sneak(e.getCause());
        } catch (InterruptedException e) {
            // Unreachable: get() on a finished task does not wait. Keep the status anyway.
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        Submitted task = submitted;
        String stage = task == null ? "not started" : task.isDone() ? "finished" : "running";
        return "Futures.blocking(" + call + ") on " + executor + ", " + stage;
    }

    /** The call as the other executor runs it; its completion wakes whoever awaits. */
    private final class Submitted extends FutureTask<T> {
        Submitted() {
            super(call);
        }

        @Override
        protected void done() {
            waker.wake();
        }
    }
}
