package dev.jawait.internal;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The machinery of {@link dev.jawait.Futures#toCompletableFuture}: a waker that polls a
 * {@link JoinHandle} on whichever thread wakes it and completes a {@link CompletableFuture} with
 * the outcome. Not part of the API.
 *
 * <p>Polls never overlap: a wake during a poll only marks it notified, and the polling thread
 * polls again (the same idle / polling / notified protocol an executor task has).
 *
 * @param <T> the type of the value
 */
public final class JoinToCompletable<T> extends Waker {
    private static final int IDLE = 0;
    private static final int POLLING = 1;
    private static final int NOTIFIED = 2;
    private static final int DONE = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(JoinToCompletable.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final JoinHandle<T> handle;
    private final CompletableFuture<T> target;
    private final Context context = Context.of(this);
    private volatile int state = IDLE;

    private JoinToCompletable(JoinHandle<T> handle, CompletableFuture<T> target) {
        this.handle = handle;
        this.target = target;
    }

    /** Spawns {@code future} on {@code spawner}; see {@link dev.jawait.Futures#toCompletableFuture}. */
    public static <T> CompletableFuture<T> start(Future<T> future, Spawner spawner) {
        JoinHandle<T> handle = spawner.spawn(future);
        CompletableFuture<T> target = new CompletableFuture<>();
        target.whenComplete((value, failure) -> {
            if (target.isCancelled()) {
                handle.abort(); // a no-op if the task had finished (or was aborted: that is why)
            }
        });
        new JoinToCompletable<>(handle, target).wakeByRef(); // first poll, on the calling thread
        return target;
    }

    @Override
    public void wakeByRef() {
        for (;;) {
            int s = state;
            switch (s) {
                case IDLE:
                    if (STATE.compareAndSet(this, IDLE, POLLING)) {
                        pollUntilIdle();
                        return;
                    }
                    break;
                case POLLING:
                    if (STATE.compareAndSet(this, POLLING, NOTIFIED)) {
                        return;
                    }
                    break;
                default: // NOTIFIED: a poll is owed already; DONE: nothing to do
                    return;
            }
        }
    }

    @Override
    public void wake() {
        wakeByRef();
    }

    private void pollUntilIdle() {
        for (;;) {
            Poll<T> poll;
            try {
                poll = handle.poll(context);
            } catch (CancellationException aborted) {
                state = DONE;
                target.completeExceptionally(aborted); // the target reports isCancelled()
                return;
            } catch (Throwable failure) {
                state = DONE;
                target.completeExceptionally(failure);
                return;
            }
            if (poll.isReady()) {
                state = DONE;
                target.complete(poll.get());
                return;
            }
            if (STATE.compareAndSet(this, POLLING, IDLE)) {
                return;
            }
            state = POLLING; // woken during the poll: poll again
        }
    }

    @Override
    public String toString() {
        return "Futures.toCompletableFuture(" + handle + ")";
    }
}
