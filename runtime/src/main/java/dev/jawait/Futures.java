package dev.jawait;

import dev.jawait.internal.BlockingCall;
import dev.jawait.internal.JoinToCompletable;
import dev.jawait.internal.StageFuture;
import dev.jawait.task.Spawner;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Bridges between jawait futures and {@link CompletionStage}s or blocking code, and small
 * ready-made futures.
 */
public final class Futures {
    private Futures() {}

    /**
     * A future that completes when {@code stage} does, with its value, or throws its failure
     * without the {@link java.util.concurrent.CompletionException} /
     * {@link java.util.concurrent.ExecutionException} wrapper. Cancelling the returned future stops
     * waiting but does not cancel {@code stage}, which may be shared.
     */
    public static <T> Future<T> fromStage(CompletionStage<T> stage) {
        return new StageFuture<>(stage);
    }

    /**
     * Runs {@code future} as a task of {@code spawner} and returns a {@link CompletableFuture}
     * completed with its outcome: its value, or its failure as it is (so {@code join()} wraps it in
     * a {@link java.util.concurrent.CompletionException} as usual). An aborted task cancels the
     * {@code CompletableFuture}; cancelling the {@code CompletableFuture} aborts the task. The
     * failure counts as observed: it is the {@code CompletableFuture}'s to report.
     *
     * <p>The {@code CompletableFuture} is completed on the thread that finishes the task, so its
     * non-async dependents run there; prefer the {@code *Async} variants for blocking work.
     */
    public static <T> CompletableFuture<T> toCompletableFuture(Future<T> future, Spawner spawner) {
        Objects.requireNonNull(future, "future");
        Objects.requireNonNull(spawner, "spawner");
        return JoinToCompletable.start(future, spawner);
    }

    /**
     * A future that runs {@code call} on a thread of {@code executor} and completes with its
     * value, or throws its failure as it is (checked exceptions too, never wrapped): the way to
     * await blocking work (JDBC, file I/O, a library without an async API) without stalling the
     * executor that polls the awaiting task. Tokio calls this {@code spawn_blocking}.
     *
     * <p>Like every future it is lazy: {@code call} is submitted on the first poll, at most once.
     * If {@code executor} rejects it, that poll (the {@code await}) throws the
     * {@link java.util.concurrent.RejectedExecutionException}. Cancelling the future (say, the
     * awaiting {@code @Async} method is cancelled, or a timeout around it fires) before the first
     * poll means {@code call} never runs; cancelling it while {@code call} runs interrupts that
     * thread, and whatever {@code call} then returns or throws is dropped.
     *
     * <p>Choose an executor made for blocking work, never a jawait executor's own threads: a
     * cached or bounded {@link java.util.concurrent.ThreadPoolExecutor}, or on JDK 21 and later
     * {@code Executors.newVirtualThreadPerTaskExecutor()}.
     *
     * @param call the work; it runs once, on a thread of {@code executor}
     * @param executor where {@code call} runs
     */
    public static <T> Future<T> blocking(Callable<T> call, Executor executor) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(executor, "executor");
        return new BlockingCall<>(call, executor);
    }

    /**
     * A future that returns pending once, waking its own task, and is ready ({@code null}) on the
     * next poll: it lets the other scheduled tasks run first (Rust's {@code yield_now}). Each call
     * returns a new future.
     */
    public static Future<Void> yieldNow() {
        return new YieldNow();
    }

    /** See {@link #yieldNow()}. */
    private static final class YieldNow implements Future<Void> {
        private static final int FRESH = 0;
        private static final int YIELDED = 1;
        private static final int DONE = 2;

        private int state = FRESH;

        @Override
        public Poll<Void> poll(Context cx) {
            switch (state) {
                case FRESH:
                    state = YIELDED;
                    cx.waker().wakeByRef();
                    return Poll.pending();
                case YIELDED:
                    state = DONE;
                    return Poll.ready(null);
                default:
                    throw new IllegalStateException("Futures.yieldNow() polled after completion");
            }
        }

        @Override
        public String toString() {
            return "Futures.yieldNow()";
        }
    }
}
