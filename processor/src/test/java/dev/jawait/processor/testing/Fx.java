package dev.jawait.processor.testing;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test futures for compiled {@code @Async} sources, and the side-effect log they are compared by.
 * Every future built here behaves as the current {@link Mode} says, so one source is checked with
 * futures that are ready, that suspend once and are woken on the polling thread, and that are
 * completed (and woken) from another thread.
 */
public final class Fx {
    private Fx() {}

    /** How the futures of the next run complete. */
    public enum Mode {
        /** Ready at the first poll. */
        READY,
        /** Pending at the first poll (waking the waker at once, on the polling thread), then ready. */
        SUSPEND_SAME_THREAD,
        /** Pending at the first poll; another thread completes it and wakes the waker. */
        OTHER_THREAD
    }

    public static volatile Mode mode = Mode.READY;
    private static final List<String> LOG = new ArrayList<>();
    /** Number of futures cancelled (see {@link #never()}). */
    public static final AtomicInteger CANCELLED = new AtomicInteger();

    /** Appends to the side-effect log. */
    public static synchronized void log(String entry) {
        LOG.add(entry);
    }

    /** Logs {@code entry} and returns {@code value}: for checking evaluation order. */
    public static <T> T log(String entry, T value) {
        log(entry);
        return value;
    }

    public static synchronized List<String> takeLog() {
        List<String> copy = new ArrayList<>(LOG);
        LOG.clear();
        return copy;
    }

    /** A future of {@code value} that completes as the current mode says. */
    public static <T> Future<T> value(T value) {
        return new TestFuture<>(value, null, mode);
    }

    /** Logs {@code entry} when created, then as {@link #value}. */
    public static <T> Future<T> value(String entry, T value) {
        log(entry);
        return value(value);
    }

    /** A future that fails with {@code failure} (checked or not) as the current mode says. */
    public static <T> Future<T> fail(Throwable failure) {
        return new TestFuture<>(null, failure, mode);
    }

    /** A {@link CompletableFuture} of {@code value}, completed now or from another thread. */
    public static <T> CompletableFuture<T> stage(T value) {
        if (mode == Mode.READY) {
            return CompletableFuture.completedFuture(value);
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            sleep();
            f.complete(value);
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** A stage failing with {@code failure}. */
    public static <T> CompletableFuture<T> failedStage(Throwable failure) {
        if (mode == Mode.READY) {
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            sleep();
            f.completeExceptionally(failure);
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** A future that never completes; counts its cancellation in {@link #CANCELLED}. */
    public static <T> Future<T> never() {
        return new Future<>() {
            @Override
            public Poll<T> poll(Context cx) {
                return Poll.pending();
            }

            @Override
            public void cancel() {
                CANCELLED.incrementAndGet();
                log("cancelled never");
            }
        };
    }

    static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The future behind {@link #value} and {@link #fail}. */
    static final class TestFuture<T> implements Future<T> {
        private final T value;
        private final Throwable failure;
        private final Mode mode;
        private volatile boolean completed;
        private boolean started;

        TestFuture(T value, Throwable failure, Mode mode) {
            this.value = value;
            this.failure = failure;
            this.mode = mode;
            this.completed = mode == Mode.READY;
        }

        @Override
        public Poll<T> poll(Context cx) {
            if (!completed) {
                if (!started) {
                    started = true;
                    Waker w = cx.waker().clone();
                    if (mode == Mode.SUSPEND_SAME_THREAD) {
                        completed = true;
                        w.wake();
                    } else {
                        Thread t = new Thread(() -> {
                            sleep();
                            completed = true;
                            w.wake();
                        });
                        t.setDaemon(true);
                        t.start();
                    }
                }
                return Poll.pending();
            }
            if (failure != null) {
                throw dev.jawait.internal.Sneaky.<RuntimeException>sneak(failure);
            }
            return Poll.ready(value);
        }
    }
}
