package dev.jawait.net;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A minimal single-thread executor for these tests (the real executors live elsewhere): many
 * futures interleaved on one thread, each woken through its own waker from the reactor thread.
 */
final class MiniExecutor implements AutoCloseable {
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    MiniExecutor() {
        thread = new Thread(this::loop, "mini-executor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code future} as a task; the returned stage completes with its outcome. */
    <T> CompletableFuture<T> spawn(Future<T> future) {
        Task<T> task = new Task<>(future);
        task.wakeByRef();
        return task.result;
    }

    private void loop() {
        while (!stopped) {
            try {
                queue.take().run();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5_000);
    }

    private final class Task<T> extends Waker implements Runnable {
        final Future<T> future;
        final CompletableFuture<T> result = new CompletableFuture<>();
        final AtomicBoolean scheduled = new AtomicBoolean();
        final Context cx = Context.of(this);

        Task(Future<T> future) {
            this.future = future;
        }

        @Override
        public void wakeByRef() {
            // Set, then enqueue; the loop clears the flag before polling: no wake is lost.
            if (!scheduled.getAndSet(true)) {
                queue.add(this);
            }
        }

        @Override
        public void run() {
            scheduled.set(false);
            if (result.isDone()) {
                return;
            }
            try {
                Poll<T> p = future.poll(cx);
                if (p.isReady()) {
                    result.complete(p.get());
                }
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }
}
