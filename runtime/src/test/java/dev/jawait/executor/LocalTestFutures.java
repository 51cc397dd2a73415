package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
}
