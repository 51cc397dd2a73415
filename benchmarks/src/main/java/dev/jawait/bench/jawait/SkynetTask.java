package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;

/**
 * A skynet node as the processor would lower it ({@code int state} + {@code switch}): a leaf is
 * ready with its ordinal; an inner node spawns ten children and awaits their handles in order,
 * summing. {@code Long} results, boxed as an {@code @Async} method's would be.
 */
public final class SkynetTask implements Future<Long> {
    private final Spawner spawner;
    private final long num;
    private final int size;
    private JoinHandle<Long>[] children;
    private int state;
    private int next;
    private long sum;

    /** The node whose leaves are {@code num .. num + size - 1}. */
    public SkynetTask(Spawner spawner, long num, int size) {
        this.spawner = spawner;
        this.num = num;
        this.size = size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Poll<Long> poll(Context cx) {
        switch (state) {
            case 0: // a leaf answers; an inner node spawns its children
                if (size == 1) {
                    state = 2;
                    return Poll.ready(num);
                }
                int child = size / 10;
                children = new JoinHandle[10];
                for (int i = 0; i < 10; i++) {
                    children[i] = spawner.spawn(new SkynetTask(spawner, num + (long) i * child, child));
                }
                state = 1;
                // fall through: await the first child at once, as `sum += await(children[i])` does
            case 1:
                while (next < 10) {
                    Poll<Long> p = children[next].poll(cx);
                    if (p.isPending()) {
                        return Poll.pending();
                    }
                    sum += p.get();
                    children[next++] = null;
                }
                state = 2;
                children = null;
                return Poll.ready(sum);
            default:
                throw new IllegalStateException("polled after completion");
        }
    }
}
