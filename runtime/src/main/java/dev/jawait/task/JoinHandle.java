package dev.jawait.task;

import dev.jawait.Future;

/**
 * The outcome of a spawned task, itself a {@link Future}: awaiting it yields the task's value or
 * rethrows its failure unwrapped; a task that was {@link #abort() aborted} makes the await throw
 * {@link java.util.concurrent.CancellationException}.
 *
 * <p>{@link #cancel()} (what an awaiting machine does when it is itself cancelled) only stops
 * waiting: the task keeps running, as with tokio's and Kotlin's handles. Use {@link #abort()} to
 * stop the task. A failure that nobody observes through the handle is reported to the executor's
 * {@link UnhandledFailureHandler}.
 *
 * <p>A handle is awaited once, by one task: once a poll has returned the value or thrown the
 * failure, polling again throws {@link IllegalStateException}. (Two tasks polling one handle at
 * the same instant is a race the handle does not referee for a value; a failure is still thrown
 * to at most one of them, or else reported.)
 *
 * <p>An interface, so that an executor can make one object both a task's handle and something
 * else it needs per task (jawait's {@code LocalExecutor} makes it the task's waker too).
 *
 * @param <T> the type of the task's value
 */
public interface JoinHandle<T> extends Future<T> {
    /**
     * Cancels the task: if it has not completed, it is cancelled the next time it is not being
     * polled (a suspended {@code @Async} machine runs its {@code finally} blocks), and awaiting this
     * handle throws {@link java.util.concurrent.CancellationException}. Aborting a finished task
     * does nothing. Safe from any thread.
     */
    void abort();

    /** Whether the task has completed, failed or been cancelled. */
    boolean isFinished();

    /**
     * Declares that this handle will never be awaited (fire and forget): the task keeps running,
     * and a failure it ends with goes to the executor's {@link UnhandledFailureHandler} as soon as
     * it happens. The same as {@link #cancel()}, under the name that says what the caller means.
     */
    default void detach() {
        cancel();
    }
}
