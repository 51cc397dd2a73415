package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Futures;
import dev.jawait.Poll;

/**
 * The await-chain workload lowered by hand the way the processor lowers it, until the processor
 * can compile it from source:
 *
 * <pre>{@code
 * @Async Future<Long> chain(int steps) { long sum = 0; for (int i = 0; i < steps; i++) sum += await(step(i)); return sum; }
 * @Async Future<Long> step(int i) { await(Futures.yieldNow()); return (long) i; }
 * }</pre>
 *
 * One machine per call, boxed {@code Long} results, a new {@code yieldNow()} per step: what the
 * generated code allocates, so that the row is an honest preview of the {@code @Async} one.
 */
public final class ChainMachine implements Future<Long> {
    private final int steps;
    private int state;
    private int i;
    private long sum;
    private Future<Long> awaited;

    public ChainMachine(int steps) {
        this.steps = steps;
    }

    @Override
    public Poll<Long> poll(Context cx) {
        for (;;) {
            switch (state) {
                case 0: // for (...; i < steps; ...)
                    if (i == steps) {
                        state = 2;
                        return Poll.ready(sum);
                    }
                    awaited = new Step(i);
                    state = 1;
                    break;
                case 1: // sum += await(step(i))
                    Poll<Long> p = awaited.poll(cx);
                    if (p.isPending()) {
                        return Poll.pending();
                    }
                    awaited = null;
                    sum += p.get();
                    i++;
                    state = 0;
                    break;
                default:
                    throw new IllegalStateException("polled after completion");
            }
        }
    }

    /** {@code step(i)}: await one yield, then return {@code i}. */
    private static final class Step implements Future<Long> {
        private final int i;
        private int state;
        private Future<Void> awaited;

        Step(int i) {
            this.i = i;
        }

        @Override
        public Poll<Long> poll(Context cx) {
            switch (state) {
                case 0:
                    awaited = Futures.yieldNow();
                    state = 1;
                    // fall through
                case 1:
                    if (awaited.poll(cx).isPending()) {
                        return Poll.pending();
                    }
                    awaited = null;
                    state = 2;
                    return Poll.ready((long) i);
                default:
                    throw new IllegalStateException("polled after completion");
            }
        }
    }
}
