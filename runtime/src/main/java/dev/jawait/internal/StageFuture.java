package dev.jawait.internal;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Awaits a {@link CompletionStage}: registers one completion callback on the first pending poll and
 * wakes whichever waker the latest poll stored. Poll writes the waker and then re-checks
 * completion, the callback runs after completion and reads the waker: one of the two always sees
 * the other, so no wake is lost.
 *
 * @param <T> the type of the value
 */
public final class StageFuture<T> implements Future<T> {
    private final CompletableFuture<T> stage;
    private volatile Waker waker;
    private boolean callbackRegistered;
    private boolean done;

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
                waker = cx.waker().clone();
                if (current != null) {
                    current.drop();
                }
            }
            if (!callbackRegistered) {
                callbackRegistered = true;
                stage.whenComplete((value, failure) -> {
                    Waker w = waker;
                    if (w != null) {
                        w.wakeByRef();
                    }
                });
            }
            if (!stage.isDone()) {
                return Poll.pending();
            }
        }
        done = true;
        Waker stored = waker;
        if (stored != null) {
            waker = null;
            stored.drop();
        }
        return Poll.ready(resultOf(stage));
    }

    @Override
    public void cancel() {
        done = true;
        Waker stored = waker;
        if (stored != null) {
            waker = null;
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
