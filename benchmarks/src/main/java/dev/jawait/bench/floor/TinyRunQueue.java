package dev.jawait.bench.floor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.ContextBridge;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.ArrayDeque;

/**
 * The "hand-written machine" of {@code ../shared/notes/baselines.md}: hand-written
 * {@link Future}s (an {@code int state} and a {@code switch}) polled by a tiny single-thread run
 * queue. It is what the same work costs under the contract with no executor around it: every
 * {@code poll} returns a {@link Poll}, every spawn hands out a {@link JoinHandle}, every task has
 * a {@link Waker}, and nothing else happens.
 *
 * <p>The queue is an {@link ArrayDeque} used as a stack (a spawn is polled next, as on the floor's
 * {@link RunQueue}). Each task is its own waker and its own join handle, and a flag keeps it in
 * the queue at most once. There is no slab, no id and no generation (a stale waker wakes nothing
 * only because a finished task ignores wakes), and no abort, failures, budget, fairness, timers
 * or wakes from other threads. Not for use outside the benchmarks.
 */
public final class TinyRunQueue implements Spawner {
    private final ArrayDeque<Task<?>> ready = new ArrayDeque<>(1024);
    private Task<?> polling;
    private final Context context = ContextBridge.newLookup(this::pollingWaker);

    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
        Task<T> task = new Task<>(this, future);
        task.wakeByRef();
        return task;
    }

    /** Polls {@code main} and everything it spawns until nothing is ready; returns main's value. */
    public <T> T run(Future<T> main) {
        Task<T> handle = new Task<>(this, main);
        handle.wakeByRef();
        Task<?> task;
        while ((task = ready.pollFirst()) != null) {
            task.queued = false;
            polling = task;
            Poll<?> poll = task.future.poll(context);
            polling = null;
            if (poll.isReady()) {
                task.complete(poll);
            }
        }
        if (handle.outcome == null) {
            throw new IllegalStateException("main is still pending and nothing is ready");
        }
        return handle.outcome.get();
    }

    private Waker pollingWaker() {
        return polling != null ? polling : Waker.noop();
    }

    static final class Task<T> extends FloorTask<T> {
        private final TinyRunQueue queue;
        boolean queued;

        Task(TinyRunQueue queue, Future<T> future) {
            super(future);
            this.queue = queue;
        }

        @Override
        public void wakeByRef() {
            if (!queued && future != null) {
                queued = true;
                queue.ready.addFirst(this);
            }
        }
    }
}
