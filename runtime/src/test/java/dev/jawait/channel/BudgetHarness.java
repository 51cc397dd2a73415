package dev.jawait.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.task.Coop;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Runs a "hog" (a task that awaits an always-ready future per iteration, in a loop) next to a
 * "probe" on the same executor, to check the {@link Coop} budget: the probe must run while the hog
 * is still looping, which happens only if the hog's ready futures made it yield. Shared by the
 * budget tests of the sync, channel, net and time packages.
 */
public final class BudgetHarness {
    private BudgetHarness() {}

    /** What one run observed. */
    public static final class Outcome<T> {
        /** How many iterations the hog had completed when the probe ran. */
        public final int probeSaw;
        /** The hog's results, one per iteration, in order. */
        public final List<T> results;

        Outcome(int probeSaw, List<T> results) {
            this.probeSaw = probeSaw;
            this.results = results;
        }

        /**
         * Asserts that the probe ran while the hog was mid-loop (neither before it started nor
         * after it finished), and that the hog completed all {@code iterations}.
         */
        public Outcome<T> assertTheHogYielded(int iterations) {
            assertEquals(iterations, results.size(), "the hog completed every iteration");
            assertTrue(probeSaw > 0 && probeSaw < iterations,
                    "the probe saw " + probeSaw + " of " + iterations
                            + " iterations done: the hog never gave way to it");
            return this;
        }
    }

    /**
     * Spawns the hog, which awaits {@code step.apply(i)} for {@code i = 0 .. iterations - 1} one
     * future at a time once the probe has started, and the probe, which lets the hog start, yields
     * until it has made progress, and records how far it got. Waits for both.
     */
    public static <T> Outcome<T> run(Spawner spawner, int iterations, IntFunction<Future<T>> step) {
        Hog<T> hog = new Hog<>(iterations, step);
        JoinHandle<List<T>> hogDone = spawner.spawn(hog);
        JoinHandle<Integer> probe = spawner.spawn(new Probe(hog));
        int saw = Await.blockOn(probe);
        return new Outcome<>(saw, Await.blockOn(hogDone));
    }

    /** {@code future} with its result passed through {@code f} (for steps with a side effect). */
    public static <A, B> Future<B> map(Future<A> future, Function<A, B> f) {
        return new Future<B>() {
            @Override
            public Poll<B> poll(Context cx) {
                Poll<A> p = future.poll(cx);
                return p.isReady() ? Poll.ready(f.apply(p.get())) : Poll.pending();
            }

            @Override
            public void cancel() {
                future.cancel();
            }
        };
    }

    /** The integers {@code 0 .. n - 1}, for comparing result sequences. */
    public static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }

    /** The looping task. Waiting for the probe keeps it from finishing before the probe exists. */
    private static final class Hog<T> implements Future<List<T>> {
        private final int iterations;
        private final IntFunction<Future<T>> step;
        private final List<T> results = new ArrayList<>();
        final AtomicInteger done = new AtomicInteger();
        volatile boolean probeStarted;
        private Future<T> current;

        Hog(int iterations, IntFunction<Future<T>> step) {
            this.iterations = iterations;
            this.step = step;
        }

        @Override
        public Poll<List<T>> poll(Context cx) {
            if (!probeStarted) {
                cx.waker().wakeByRef();
                return Poll.pending();
            }
            while (results.size() < iterations) {
                if (current == null) {
                    current = step.apply(results.size());
                }
                Poll<T> p = current.poll(cx);
                if (p.isPending()) {
                    return Poll.pending();
                }
                current = null;
                results.add(p.get());
                done.incrementAndGet();
            }
            return Poll.ready(results);
        }
    }

    /** Lets the hog start, then yields until it has done something and reports how much. */
    private static final class Probe implements Future<Integer> {
        private final Hog<?> hog;

        Probe(Hog<?> hog) {
            this.hog = hog;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            hog.probeStarted = true;
            int done = hog.done.get();
            if (done == 0) {
                cx.waker().wakeByRef();
                return Poll.pending();
            }
            return Poll.ready(done);
        }
    }
}
