package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.events.TestSupport;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.UnhandledFailureHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Hand-written futures and helpers shared by the work-stealing executor tests. */
final class WorkStealingTestSupport {
    private WorkStealingTestSupport() {}

    /** Waits up to {@code seconds} for {@code condition}; fails with {@code what} otherwise. */
    static void awaitTrue(String what, long seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static void await(CountDownLatch latch) {
        TestSupport.await(latch);
    }

    /** Shuts down and asserts every worker thread is gone. */
    static void terminate(WorkStealingExecutor ex) {
        ex.shutdown();
        try {
            if (!ex.awaitTermination(10, TimeUnit.SECONDS)) {
                fail("executor did not terminate: " + ex);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Detects two threads inside one future's poll at once. */
    static final class PollGuard {
        private final AtomicBoolean polling = new AtomicBoolean();
        final AtomicInteger polls = new AtomicInteger();
        static final AtomicInteger violations = new AtomicInteger();

        void enter() {
            if (!polling.compareAndSet(false, true)) {
                violations.incrementAndGet();
                throw new AssertionError("two threads polled the same future at once");
            }
            polls.incrementAndGet();
        }

        void exit() {
            polling.set(false);
        }
    }

    /**
     * A future the test drives: each poll stores (a clone of) the waker and returns pending until
     * {@link #complete} or {@link #fail}; counts polls, records {@link #cancel()} calls and the
     * thread that made them.
     */
    static final class Controlled<T> implements Future<T> {
        final PollGuard guard = new PollGuard();
        final AtomicInteger cancels = new AtomicInteger();
        final AtomicReference<Thread> cancelThread = new AtomicReference<>();
        final CountDownLatch firstPoll = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);
        private final AtomicReference<Waker> waker = new AtomicReference<>();
        private volatile boolean done;
        private volatile T value;
        private volatile Throwable failure;
        /** If set, the first poll waits on it (to hold a worker inside the poll). */
        volatile CountDownLatch holdFirstPoll;
        final CountDownLatch insideFirstPoll = new CountDownLatch(1);

        @Override
        public Poll<T> poll(Context cx) {
            guard.enter();
            try {
                if (guard.polls.get() == 1) {
                    insideFirstPoll.countDown();
                    CountDownLatch hold = holdFirstPoll;
                    if (hold != null) {
                        WorkStealingTestSupport.await(hold);
                    }
                }
                Waker old = waker.getAndSet(cx.waker().clone());
                if (old != null) {
                    old.drop();
                }
                firstPoll.countDown();
                if (done) {
                    Waker w = waker.getAndSet(null);
                    if (w != null) {
                        w.drop();
                    }
                    if (failure != null) {
                        throw dev.jawait.internal.Sneaky.<RuntimeException>sneak(failure);
                    }
                    return Poll.ready(value);
                }
                return Poll.pending();
            } finally {
                guard.exit();
            }
        }

        @Override
        public void cancel() {
            cancelThread.set(Thread.currentThread());
            cancels.incrementAndGet();
            Waker w = waker.getAndSet(null);
            if (w != null) {
                w.drop();
            }
            cancelled.countDown();
        }

        void complete(T v) {
            value = v;
            done = true;
            wakeStored();
        }

        void fail(Throwable t) {
            failure = t;
            done = true;
            wakeStored();
        }

        void wakeStored() {
            Waker w = waker.get();
            if (w != null) {
                w.wakeByRef();
            }
        }

        int polls() {
            return guard.polls.get();
        }
    }

    /** A future that blocks its worker until released (keeps a worker busy). */
    static final class Blocker implements Future<Void> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Poll<Void> poll(Context cx) {
            entered.countDown();
            WorkStealingTestSupport.await(release);
            return Poll.ready(null);
        }
    }

    /** Awaits every handle in order and sums their values. */
    static final class SumAll implements Future<Long> {
        private final List<? extends JoinHandle<? extends Number>> handles;
        private int next;
        private long sum;

        SumAll(List<? extends JoinHandle<? extends Number>> handles) {
            this.handles = handles;
        }

        @Override
        public Poll<Long> poll(Context cx) {
            while (next < handles.size()) {
                Poll<? extends Number> p = handles.get(next).poll(cx);
                if (p.isPending()) {
                    return Poll.pending();
                }
                sum += p.get().longValue();
                next++;
            }
            return Poll.ready(sum);
        }
    }

    /** Records every unhandled failure. */
    static final class RecordingHandler implements UnhandledFailureHandler {
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final List<Object> tasks = new CopyOnWriteArrayList<>();

        @Override
        public void unhandled(Object task, Throwable failure) {
            tasks.add(task);
            failures.add(failure);
        }
    }
}
