package dev.jawait.events;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Helpers for the event-source tests: counting wakers, probes, hand-polled tasks, threads. */
public final class TestSupport {
    private TestSupport() {}

    /** Waits for {@code latch}, failing the test if it is not released within 10 seconds. */
    public static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released in time");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** An executor that keeps its runnables until the test runs them, in order, on its thread. */
    public static final class ManualExecutor implements Executor {
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            queue.add(command);
        }

        /** Runs what is queued, and what that queues, until nothing is left. */
        public void runAll() {
            for (Runnable r; (r = queue.poll()) != null; ) {
                r.run();
            }
        }

        /** How many runnables wait. */
        public int queued() {
            return queue.size();
        }

        @Override
        public String toString() {
            return "ManualExecutor[queued=" + queue.size() + "]";
        }
    }

    /** A waker that counts its wakes and can run a hook on each. */
    public static final class CountingWaker extends Waker {
        public final AtomicInteger wakes = new AtomicInteger();
        public final AtomicInteger drops = new AtomicInteger();
        private final Runnable onWake;

        public CountingWaker() {
            this(() -> {});
        }

        public CountingWaker(Runnable onWake) {
            this.onWake = onWake;
        }

        @Override
        public void wakeByRef() {
            wakes.incrementAndGet();
            onWake.run();
        }

        @Override
        public void wake() {
            wakeByRef();
        }

        @Override
        public void drop() {
            drops.incrementAndGet();
        }

        public int wakes() {
            return wakes.get();
        }
    }

    /** A future polled by hand from the test, with its own counting waker. */
    public static final class ManualTask<T> {
        public final Future<T> future;
        public final CountingWaker waker = new CountingWaker();
        private final Context cx = Context.of(waker);
        private Poll<T> last;
        private Throwable failure;

        public ManualTask(Future<T> future) {
            this.future = future;
        }

        /** Polls once; returns whether it is ready (a failure is kept, see {@link #failure()}). */
        public boolean poll() {
            try {
                last = future.poll(cx);
            } catch (Throwable t) {
                failure = t;
                return true;
            }
            return last.isReady();
        }

        /** Polls once and returns the failure it threw, or {@code null}. */
        public Throwable pollFailure() {
            failure = null;
            poll();
            return failure;
        }

        /** Polls once, rethrowing a failure as it is. */
        public boolean pollOrThrow() {
            failure = null;
            boolean ready = poll();
            if (failure != null) {
                throw dev.jawait.internal.Sneaky.<RuntimeException>sneak(failure);
            }
            return ready;
        }

        public T value() {
            if (failure != null) {
                throw new AssertionError("task failed", failure);
            }
            return last.get();
        }

        public Throwable failure() {
            return failure;
        }

        public boolean woken() {
            return waker.wakes() > 0;
        }

        public void cancel() {
            future.cancel();
        }
    }

    /**
     * A future that records how often it is polled and cancelled. It completes with {@code value}
     * once {@link #complete} is called (waking the stored waker), or stays pending.
     */
    public static final class Probe<T> implements Future<T> {
        public final AtomicInteger polls = new AtomicInteger();
        public final AtomicInteger cancels = new AtomicInteger();
        private final AtomicReference<Waker> waker = new AtomicReference<>();
        private volatile boolean completed;
        private volatile T value;
        private volatile Throwable failure;
        private volatile boolean finished;
        private final String name;

        public Probe(String name) {
            this.name = name;
        }

        @Override
        public Poll<T> poll(Context cx) {
            polls.incrementAndGet();
            waker.set(cx.waker().clone());
            if (completed) {
                finished = true;
                if (failure != null) {
                    throw dev.jawait.internal.Sneaky.<RuntimeException>sneak(failure);
                }
                return Poll.ready(value);
            }
            return Poll.pending();
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }

        public void complete(T v) {
            value = v;
            completed = true;
            wake();
        }

        public void fail(Throwable t) {
            failure = t;
            completed = true;
            wake();
        }

        private void wake() {
            Waker w = waker.get();
            if (w != null) {
                w.wakeByRef();
            }
        }

        public boolean cancelled() {
            return cancels.get() > 0;
        }

        /** Whether a poll returned ready or threw: the poller has seen this probe finish. */
        public boolean finished() {
            return finished;
        }

        @Override
        public String toString() {
            return "Probe[" + name + "]";
        }
    }

    /** A future that wakes itself and stays pending for {@code polls} polls, then yields value. */
    public static <T> Future<T> yieldingFor(int polls, T value) {
        return new Future<>() {
            int left = polls;

            @Override
            public Poll<T> poll(Context cx) {
                if (left-- > 0) {
                    cx.waker().wakeByRef();
                    return Poll.pending();
                }
                return Poll.ready(value);
            }
        };
    }

    /** Starts {@code n} threads running {@code body(i)}, joins them, rethrows the first failure. */
    public static void runThreads(int n, IntBody body) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                try {
                    body.run(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "test-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(20));
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " did not finish");
            }
        }
        if (failure.get() != null) {
            if (failure.get() instanceof Exception) {
                throw (Exception) failure.get();
            }
            throw new AssertionError(failure.get());
        }
    }

    /** Body of a numbered worker thread. */
    @FunctionalInterface
    public interface IntBody {
        void run(int id) throws Exception;
    }

    /** Spins (with short sleeps) until {@code condition} holds or 10 s pass. */
    public static void eventually(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(1);
        }
    }
}
