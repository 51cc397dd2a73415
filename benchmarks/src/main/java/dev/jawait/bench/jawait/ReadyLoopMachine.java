package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;

/**
 * The await-ready workload lowered by hand the way the processor lowers it:
 *
 * <pre>{@code
 * @Async Future<Long> loop(Future<Long>[] ready) { long sum = 0; for (Future<Long> f : ready) sum += await(f); return sum; }
 * }</pre>
 *
 * Every awaited future is already complete, so one poll runs the whole loop: each await is a
 * virtual {@code poll} and a {@code Poll} object (unless the JIT removes it).
 */
public final class ReadyLoopMachine implements Future<Long> {
    private final Future<Long>[] ready;
    private int state;
    private int i;
    private long sum;

    public ReadyLoopMachine(Future<Long>[] ready) {
        this.ready = ready;
    }

    @Override
    public Poll<Long> poll(Context cx) {
        for (;;) {
            switch (state) {
                case 0: // for (...)
                    if (i == ready.length) {
                        state = 2;
                        return Poll.ready(sum);
                    }
                    state = 1;
                    break;
                case 1: // sum += await(ready[i])
                    Poll<Long> p = ready[i].poll(cx);
                    if (p.isPending()) {
                        return Poll.pending();
                    }
                    sum += p.get();
                    i++;
                    state = 0;
                    break;
                default:
                    throw new IllegalStateException("polled after completion");
            }
        }
    }
}
