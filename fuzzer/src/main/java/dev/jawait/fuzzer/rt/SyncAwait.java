package dev.jawait.fuzzer.rt;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.internal.Sneaky;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The synchronous twin's {@code await}: takes the predetermined outcome of an {@link Fx#v} future
 * (its value, or its failure thrown unwrapped), and blocks on any other future (the twin's own
 * {@code @Async} methods, compiled without the processor, return completed futures).
 *
 * <p><b>Cancellation.</b> A machine cancelled at its cancel point unwinds: the suspended await
 * throws {@code CancellationException}, and so does every later await, after cancelling what it
 * awaits; a child {@code @Async} method not started yet never starts; a child being unwound ends
 * with whatever its unwinding does, which its parent never sees: the parent's await throws. The
 * twin gets the same from three rules: {@link #await} at the cancel point and after it cancels the
 * future and throws; {@code Program.twinOf} makes every {@code @Async} body start with
 * {@link #enter()} (a call after the cancel point throws before the body runs) and run inside
 * {@code try { ... } finally { SyncAwait.leave(); }} (a body that ends after the cancel point, by
 * returning or throwing anything, throws to its caller's await instead).
 */
public final class SyncAwait {
    /**
     * What the machine's {@code await} throws once it is cancelled, at the suspended await and
     * during the unwinding alike ({@code dev.jawait.machine.AsyncMachine.child()}). Programs may
     * log it ({@code Fx.describe(e)} in a catch).
     */
    public static final String CANCELLED_AT_AWAIT = "the @Async method was cancelled at this await";

    private SyncAwait() {}

    /** The value of {@code future}, or its failure thrown; CancellationException from the cancel point on. */
    public static <T> T await(Future<T> future) {
        if (Fx.cancelled()) {
            throw cancelling(future);
        }
        if (future instanceof Fx.FxFuture) {
            Fx.FxFuture<T> fx = (Fx.FxFuture<T>) future;
            if (Fx.passCancelPoint(fx)) {
                throw cancelling(future);
            }
            return fx.outcome().get();
        }
        return Await.blockOn(future);
    }

    /** As {@link #await(Future)}, declaring the checked failure {@code X}. */
    public static <T, X extends Throwable> T await(Future<T> future, Class<X> mayThrow) throws X {
        return await(future);
    }

    /**
     * The value of {@code stage}, or its failure thrown unwrapped, as the machine's await of a
     * {@code CompletionStage} gives them; CancellationException from the cancel point on (the
     * machine's stage adapter does nothing to the stage when cancelled, so nothing is logged).
     */
    public static <T> T await(CompletionStage<T> stage) {
        if (Fx.cancelled()) {
            throw new CancellationException(CANCELLED_AT_AWAIT);
        }
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw Sneaky.<RuntimeException>sneak(e.getCause());
        }
    }

    /** As {@link #await(CompletionStage)}, declaring the checked failure {@code X}. */
    public static <T, X extends Throwable> T await(CompletionStage<T> stage, Class<X> mayThrow) throws X {
        return await(stage);
    }

    /** First statement of every twin {@code @Async} body: after the cancel point, the machine would not start. */
    public static void enter() {
        throwIfCancelled();
    }

    /** The {@code finally} of every twin {@code @Async} body: after the cancel point, the caller's await throws. */
    public static void leave() {
        throwIfCancelled();
    }

    private static void throwIfCancelled() {
        if (Fx.cancelled()) {
            throw new CancellationException(CANCELLED_AT_AWAIT);
        }
    }

    private static CancellationException cancelling(Future<?> awaited) {
        awaited.cancel();
        return new CancellationException(CANCELLED_AT_AWAIT);
    }
}
