package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.internal.Polls;
import dev.jawait.task.Coop;
import dev.jawait.task.JoinCell;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import dev.jawait.task.UnhandledFailureHandler;
import dev.jawait.task.UnobservedFailures;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Runs jawait tasks on an {@link Executor} you already have: a Spring {@code TaskExecutor}, a
 * Netty event loop, a {@code ThreadPoolExecutor}, {@code ForkJoinPool.commonPool()}, or on JDK 21
 * and later {@code Executors.newVirtualThreadPerTaskExecutor()} (Kotlin's
 * {@code Executor.asCoroutineDispatcher()}). Each poll of a task is one {@link Runnable} handed to
 * the executor: a task woken while it waits is submitted again, one woken during its own poll is
 * polled again once that poll has returned, in a new submission (so it takes its turn behind the
 * executor's other work), and a task is never polled by two threads at once. A single-threaded
 * executor therefore runs its tasks one at a time, in the order they are woken.
 *
 * <p>Handles behave as on jawait's own executors: awaiting one returns the value or rethrows the
 * failure as it is; {@link JoinHandle#abort() abort} cancels the task (before its first poll, it
 * never runs; while suspended, its {@code finally} blocks run on the aborting thread, or on the
 * executor if it is being polled); a failure nobody observes goes to the
 * {@link UnhandledFailureHandler}.
 *
 * <p>If the executor rejects a submission (it was shut down, or its queue is full), the task is
 * cancelled where it stands, on the thread that woke or spawned it, and its handle fails with the
 * {@link java.util.concurrent.RejectedExecutionException}. The executor's threads and lifetime
 * stay yours: there is nothing to close here.
 */
public final class ExecutorSpawner implements Spawner {
    private final Executor executor;
    private final UnobservedFailures failures;

    private ExecutorSpawner(Executor executor, UnhandledFailureHandler handler) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.failures = new UnobservedFailures(Objects.requireNonNull(handler, "handler"));
    }

    /** Tasks on {@code executor}; unobserved failures are printed ({@link UnhandledFailureHandler#printing()}). */
    public static ExecutorSpawner on(Executor executor) {
        return on(executor, UnhandledFailureHandler.printing());
    }

    /** Tasks on {@code executor}; unobserved failures go to {@code handler}. */
    public static ExecutorSpawner on(Executor executor, UnhandledFailureHandler handler) {
        return new ExecutorSpawner(executor, handler);
    }

    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
        Objects.requireNonNull(future, "future");
        failures.reportCollected(); // handles dropped since the last spawn: report their failures
        Task<T> task = new Task<>(this, future);
        task.submit();
        return task;
    }

    /**
     * Reports the failures of tasks whose handles were dropped without being awaited or detached
     * (and were garbage collected), now rather than at the next spawn. Spawns do it anyway.
     */
    public void reportUnobservedFailures() {
        failures.reportCollected();
    }

    @Override
    public String toString() {
        return "ExecutorSpawner[" + executor + "]";
    }

    /**
     * A task: its handle, its waker and the {@link Runnable} that polls it once. Its run state
     * lives in the executor bits of the cell's word, next to the cell's own: idle (none of the
     * bits), {@code SCHEDULED} (submitted, a poll is owed), {@code RUNNING} (being polled), and
     * {@code NOTIFIED} with {@code RUNNING} (woken during that poll: poll again afterwards).
     */
    private static final class Task<T> extends JoinCell<T> implements Runnable {
        private static final long SCHEDULED = 1L << EXECUTOR_SHIFT;
        private static final long RUNNING = 1L << (EXECUTOR_SHIFT + 1);
        private static final long NOTIFIED = 1L << (EXECUTOR_SHIFT + 2);
        private static final long RUN_BITS = SCHEDULED | RUNNING | NOTIFIED;

        private final ExecutorSpawner spawner;
        /** The task's own context: its waker is the task itself. Used by one poll at a time. */
        private final Context context = Context.of(this);

        Task(ExecutorSpawner spawner, Future<T> future) {
            super(future, SCHEDULED);
            this.spawner = spawner;
        }

        @SuppressWarnings("unchecked")
        private Future<T> future() {
            return (Future<T>) spawned();
        }

        /** Hands the next poll to the executor; the caller has just set {@code SCHEDULED}. */
        void submit() {
            try {
                spawner.executor.execute(this);
            } catch (RuntimeException rejected) {
                // Nobody polls it now, and nobody can: this thread owns the task. End it here,
                // as aborted if that is why it was submitted.
                cancelFuture();
                if (isAbortRequested()) {
                    completeCancelled();
                } else {
                    fail(rejected);
                }
            }
        }

        @Override
        public void run() {
            long word;
            do { // SCHEDULED to RUNNING; a CAS, since an abort or the handle's owner may set bits
                word = word();
                if (finishedIn(word)) {
                    return;
                }
            } while (!compareAndSetWord(word, (word & ~RUN_BITS) | RUNNING));
            if (abortRequestedIn(word)) {
                cancelled();
                return;
            }
            Poll<T> poll;
            Coop.Budget budget = Coop.attach(context);
            int outer = budget.enter();
            try {
                Future<T> future = future();
                poll = Polls.nonNull(future.poll(context), future);
            } catch (Throwable failure) {
                fail(failure);
                return;
            } finally {
                budget.exit(outer);
            }
            if (poll.isReady()) {
                completeReady(poll);
                return;
            }
            for (;;) {
                word = word();
                if (abortRequestedIn(word)) {
                    cancelled();
                    return;
                }
                if ((word & NOTIFIED) != 0) {
                    if (compareAndSetWord(word, (word & ~RUN_BITS) | SCHEDULED)) {
                        submit(); // woken during the poll: again, behind the executor's queue
                        return;
                    }
                } else if (compareAndSetWord(word, word & ~RUN_BITS)) {
                    return; // idle until a wake
                }
            }
        }

        /** Cancels the spawned future (its {@code finally} blocks run) and ends the handle. */
        private void cancelled() {
            try {
                cancelFuture();
            } finally {
                completeCancelled();
            }
        }

        /** Cancels the spawned future; what its cancel throws goes to the failure handler. */
        private void cancelFuture() {
            Future<T> f = future();
            if (f != null) {
                spawner.failures.cancelReportingFailure(f);
            }
        }

        // ------------------------------------------------------------ Waker
        // The task is its own waker: Waker's defaults (clone is this, drop does nothing, two
        // wakers wake the same task when they are the same object) are exactly right.

        @Override
        public void wakeByRef() {
            for (;;) {
                long word = word();
                if (finishedIn(word) || (word & (SCHEDULED | NOTIFIED)) != 0) {
                    return; // a poll is already owed
                }
                if ((word & RUNNING) != 0) {
                    if (compareAndSetWord(word, word | NOTIFIED)) {
                        return; // the poll in progress sees it when it ends
                    }
                } else if (compareAndSetWord(word, word | SCHEDULED)) {
                    submit();
                    return;
                }
            }
        }

        // ------------------------------------------------------------ JoinHandle

        @Override
        public void abort() {
            long before = requestAbort();
            if (!finishedIn(before) && !abortRequestedIn(before)) {
                wakeByRef(); // an idle task is submitted to be cancelled; a running one ends after its poll
            }
        }

        @Override
        protected UnobservedFailures failures() {
            return spawner.failures;
        }

        @Override
        protected String taskLabel() {
            return "on " + spawner.executor;
        }
    }
}
