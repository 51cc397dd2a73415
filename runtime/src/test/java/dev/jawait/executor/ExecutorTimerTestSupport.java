package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Helpers for the executor-timer tests of both executors. */
final class ExecutorTimerTestSupport {
    private ExecutorTimerTestSupport() {}

    /**
     * Polls {@code inner} with a waker that records the thread each wake comes from; when
     * {@code inner} is ready, appends {@code label} to {@code completions} (in completion order).
     * With a {@code wakes} list, each wake also appends {@code label} there (in wake order).
     */
    static final class Traced implements Future<Void> {
        final List<Thread> wakeThreads = new ArrayList<>();
        private final Future<Void> inner;
        private final String label;
        private final List<String> completions;
        private final List<String> wakes;

        Traced(Future<Void> inner, String label, List<String> completions) {
            this(inner, label, completions, new ArrayList<>());
        }

        Traced(Future<Void> inner, String label, List<String> completions, List<String> wakes) {
            this.inner = inner;
            this.label = label;
            this.completions = completions;
            this.wakes = wakes;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            Waker real = cx.waker().clone();
            Waker recording = Waker.of(() -> {
                synchronized (wakeThreads) {
                    wakeThreads.add(Thread.currentThread());
                }
                synchronized (wakes) {
                    wakes.add(label);
                }
                real.wakeByRef();
            });
            Poll<Void> p = inner.poll(Context.of(recording));
            if (p.isReady()) {
                synchronized (completions) {
                    completions.add(label);
                }
            }
            return p;
        }

        @Override
        public void cancel() {
            inner.cancel();
        }

        List<Thread> wakeThreads() {
            synchronized (wakeThreads) {
                return List.copyOf(wakeThreads);
            }
        }
    }

    /** The live threads whose name starts with {@code jawait-timer}. */
    static Set<Thread> timerThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("jawait-timer")) {
                out.add(t);
            }
        }
        return out;
    }

    /** Spins until {@code t} is parked (WAITING or TIMED_WAITING) or 10 s pass. */
    static void awaitParked(Thread t, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.getState() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(t + " never reached " + state + ", is " + t.getState());
            }
            Thread.sleep(1);
        }
    }
}
