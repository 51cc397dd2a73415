package dev.jawait;

import dev.jawait.executor.BlockOn;
import java.util.concurrent.CompletionStage;

/**
 * The {@code await} operator and the bridge from synchronous code into futures.
 *
 * <p>Inside an {@link Async @Async} method, {@code await(f)} suspends the method until {@code f}
 * completes and then evaluates to its value, or throws its failure unwrapped. The jawait annotation
 * processor replaces every such call at compile time; the methods here never run in a rewritten
 * method. If one does run, the processor was not on the annotation processor path and this class
 * throws an {@link IllegalStateException} that says so.
 */
public final class Await {
    private Await() {}

    /** Suspends the enclosing {@code @Async} method until {@code future} completes. */
    public static <T> T await(Future<T> future) {
        throw notRewritten();
    }

    /**
     * Suspends the enclosing {@code @Async} method until {@code stage} completes. A failure is
     * rethrown without its {@code CompletionException} / {@code ExecutionException} wrapper.
     */
    public static <T> T await(CompletionStage<T> stage) {
        throw notRewritten();
    }

    /**
     * Like {@link #await(Future)}, and declares that the awaited failure may be a checked
     * {@code X}, so that {@code catch (X e)} around it compiles.
     */
    public static <T, X extends Throwable> T await(Future<T> future, Class<X> mayThrow) throws X {
        throw notRewritten();
    }

    /**
     * Like {@link #await(CompletionStage)}, and declares that the awaited failure may be a checked
     * {@code X}, so that {@code catch (X e)} around it compiles.
     */
    public static <T, X extends Throwable> T await(CompletionStage<T> stage, Class<X> mayThrow)
            throws X {
        throw notRewritten();
    }

    /**
     * Drives {@code future} to completion on the calling thread, parking between polls, and
     * returns its value or throws its failure unwrapped. Not for use inside an {@code @Async}
     * method or an executor thread: it blocks the thread.
     *
     * @throws java.util.concurrent.CancellationException if the thread is interrupted while it
     *     waits; the future is cancelled and the interrupt status is kept
     */
    public static <T> T blockOn(Future<T> future) {
        return BlockOn.blockOn(future);
    }

    private static IllegalStateException notRewritten() {
        return new IllegalStateException(
                "await(...) ran without being rewritten: the jawait annotation processor did not"
                        + " process this method. Annotate the enclosing method with @dev.jawait.Async"
                        + " and put dev.jawait:jawait-processor on the annotation processor path"
                        + " (Maven: maven-compiler-plugin <annotationProcessorPaths>; Gradle: the"
                        + " annotationProcessor configuration). JDK 23 and later no longer run"
                        + " processors that are only on the class path.");
    }
}
