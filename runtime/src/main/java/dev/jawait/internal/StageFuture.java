package dev.jawait.internal;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Awaits a {@link CompletionStage}: registers one completion callback on the first pending poll and
 * wakes whichever waker the latest poll stored.
 *
 * <p>The stored waker moves only by atomic swaps, so each stored clone is either woken (by the
 * callback) or dropped (by a later poll, completion or {@link #cancel()}) exactly once, and never
 * used after its drop. Poll stores its waker and then re-checks completion; the callback runs
 * after completion and then takes the waker: one of the two always sees the other, so no wake is
 * lost.
 *
 * @param <T> the type of the value
 */
public final class StageFuture<T> implements Future<T> {
    private static final VarHandle WAKER;

    static {
        try {
            WAKER = MethodHandles.lookup().findVarHandle(StageFuture.class, "waker", Waker.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CompletableFuture<T> stage;
    private volatile Waker waker;
    private boolean callbackRegistered;
    private boolean done;

    /**
     * A future completing with {@code stage}'s outcome.
     *
     * @param stage the stage to wait for
     */
    public StageFuture(CompletionStage<T> stage) {
        this.stage = stage.toCompletableFuture();
    }

    @Override
    public Poll<T> poll(Context cx) {
        if (done) {
            throw new IllegalStateException("polled after completion");
        }
        if (!stage.isDone()) {
            Waker current = waker;
            if (current == null || !current.willWake(cx.waker())) {
                Waker old = (Waker) WAKER.getAndSet(this, cx.waker().clone());
                if (old != null) {
                    old.drop();
                }
            }
            if (!callbackRegistered) {
                callbackRegistered = true;
                stage.whenComplete((value, failure) -> {
                    Waker w = (Waker) WAKER.getAndSet(this, null);
                    if (w != null) {
                        w.wake();
                    }
                });
            }
            if (!stage.isDone()) {
                return Poll.pending();
            }
        }
        done = true;
        dropStoredWaker();
        return Poll.ready(resultOf(stage));
    }

    @Override
    public void cancel() {
        done = true;
        dropStoredWaker();
    }

    private void dropStoredWaker() {
        Waker stored = (Waker) WAKER.getAndSet(this, null);
        if (stored != null) {
            stored.drop();
        }
    }

    /** The value of a completed stage, or its failure thrown without the wrapper. */
    static <T> T resultOf(CompletableFuture<T> done) {
        try {
            return done.getNow(null);
        } catch (CancellationException e) {
            throw e;
        } catch (CompletionException e) {
            throw Sneaky.<RuntimeException>sneak(unwrap(e));
        }
    }

    /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public String toString() {
        return "Futures.fromStage(" + stage + ")";
    }
}
