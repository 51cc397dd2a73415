package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Hand-written futures for the executor tests: thread-safe, counting polls and cancels. */
public final class LocalTestFutures {
    private LocalTestFutures() {}

    /**
     * A future that stays pending until {@link #open} (from any thread), keeping the latest waker.
     * Counts its polls and cancels; fails the test's assumptions loudly if polled re-entrantly.
     */
    public static final class Gate<T> implements Future<T> {
        public final AtomicInteger polls = new AtomicInteger();
        public final AtomicInteger cancels = new AtomicInteger();
        private final AtomicReference<Waker> waker = new AtomicReference<>();
        private final AtomicInteger inPoll = new AtomicInteger();
        private volatile boolean open;
        private volatile T value;

        @Override
        public Poll<T> poll(Context cx) {
            if (inPoll.incrementAndGet() != 1) {
                throw new AssertionError("polled re-entrantly or concurrently");
            }
            try {
                polls.incrementAndGet();
                if (open) {
                    return Poll.ready(value);
                }
                Waker old = waker.getAndSet(cx.waker().clone());
                if (old != null) {
                    old.drop();
                }
                return open ? Poll.ready(value) : Poll.pending();
            } finally {
                inPoll.decrementAndGet();
            }
        }

        /** Completes the gate with {@code v} and wakes its task. */
        public void open(T v) {
            value = v;
            open = true;
            Waker w = waker.getAndSet(null);
            if (w != null) {
                w.wake();
            }
        }

        /** Wakes the stored waker without opening (a spurious wake). */
        public void wakeStored() {
            Waker w = waker.get();
            if (w != null) {
                w.wakeByRef();
            }
        }

        /** The waker stored by the latest pending poll. */
        public Waker storedWaker() {
            return waker.get();
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
            Waker w = waker.getAndSet(null);
            if (w != null) {
                w.drop();
            }
        }
    }

    /** A future whose every poll runs {@code body}; counts polls and cancels. */
    public static final class Scripted<T> implements Future<T> {
        public final AtomicInteger polls = new AtomicInteger();
        public final AtomicInteger cancels = new AtomicInteger();
        private final Function<Context, Poll<T>> body;

        public Scripted(Function<Context, Poll<T>> body) {
            this.body = body;
        }

        @Override
        public Poll<T> poll(Context cx) {
            polls.incrementAndGet();
            return body.apply(cx);
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    }

    /** Yields (pending + self-wake) {@code n} times, then is ready with {@code null}. */
    public static Future<Void> yields(int n) {
        int[] left = {n};
        return cx -> {
            if (left[0]-- > 0) {
                cx.waker().wakeByRef();
                return Poll.pending();
            }
            return Poll.ready(null);
        };
    }


    /**
     * Ready after {@code n} polls. Between polls it publishes its waker and its turn; the other
     * side waits for each turn, lingers a random moment, and wakes it once.
     */
    public static final class PingPong implements Future<Integer> {
        private final int n;
        private final AtomicInteger turn = new AtomicInteger();
        private volatile Waker waker;
        private int polls;

        public PingPong(int n) {
            this.n = n;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            polls++;
            if (polls == n) {
                return Poll.ready(polls);
            }
            waker = cx.waker();
            turn.set(polls); // the other side may wake us from here on, even before we return
            if (polls % 3 == 0) {
                Thread.onSpinWait(); // widen the "wake during poll" window now and then
            }
            return Poll.pending();
        }

        /** The waking side: one wake per turn, at a random moment. */
        public void wakeEachTurn() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 1; i < n; i++) {
                for (int spins = 0; turn.get() != i; spins++) { // no lambda: it would allocate
                    if ((spins & 127) == 127) {
                        Thread.yield();
                    } else {
                        Thread.onSpinWait();
                    }
                }
                int linger = random.nextInt(64);
                for (int s = 0; s < linger; s++) {
                    Thread.onSpinWait();
                }
                waker.wakeByRef();
            }
        }
    }

    /** Pending until it has been polled {@code n} times, waking itself each time. */
    public static final class SelfWaking implements Future<Void> {
        private int left;

        public SelfWaking(int n) {
            this.left = n;
        }

        /** Polls still expected before ready, minus one once it has returned ready. */
        public int remaining() {
            return left;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (left-- == 0) {
                return Poll.ready(null);
            }
            cx.waker().wakeByRef();
            return Poll.pending();
        }
    }

    /**
     * Pending forever; each poll signals {@link #entered} and holds the executor thread until
     * {@link #release} is released.
     */
    public static final class Blocker implements Future<Void> {
        public final Semaphore entered = new Semaphore(0);
        public final Semaphore release = new Semaphore(0);
        public final AtomicInteger polls = new AtomicInteger();
        private final AtomicInteger inPoll = new AtomicInteger();
        private volatile Waker waker;
        private volatile boolean finish;

        @Override
        public Poll<Void> poll(Context cx) {
            if (inPoll.incrementAndGet() != 1) {
                throw new AssertionError("polled re-entrantly or concurrently");
            }
            try {
                polls.incrementAndGet();
                waker = cx.waker();
                entered.release();
                release.acquireUninterruptibly();
                return finish ? Poll.ready(null) : Poll.pending();
            } finally {
                inPoll.decrementAndGet();
            }
        }

        public void wakeStored() {
            waker.wakeByRef();
        }

        public Waker storedOrCurrentWaker() {
            return waker;
        }

        /** Makes the poll in progress (or the next one) return ready once released. */
        public void finish() {
            finish = true;
        }
    }

    /** {@code threadCount} threads each wake {@code target} {@code wakes} times, all at once. */
    public static void wakeConcurrently(Waker target, int threadCount, int wakes) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(threadCount);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            Thread thread = new Thread(() -> {
                await(start);
                for (int i = 0; i < wakes; i++) {
                    target.wakeByRef();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Spins until {@code counter} reaches {@code expected}. */
    public static void awaitCount(AtomicInteger counter, int expected) {
        spinUntil(() -> counter.get() >= expected);
    }

    /** Busy-waits (yielding now and then: the machine may have fewer cores than threads). */
    public static void spinUntil(BooleanSupplier condition) {
        for (int spins = 0; !condition.getAsBoolean(); spins++) {
            if ((spins & 127) == 127) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** {@link CyclicBarrier#await()} for lambdas. */
    public static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
