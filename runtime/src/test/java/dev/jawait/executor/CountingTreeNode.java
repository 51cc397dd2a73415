package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A skynet node that counts the nodes alive at once: spawns ten children (or is a leaf), awaits
 * them in order and sums their leaves' indices. {@code maxAlive} ends as the most nodes that were
 * alive at the same time, which tells a depth-first walk (a few hundred) from a breadth-first one.
 */
final class CountingTreeNode implements Future<Long> {
    private final Spawner spawner;
    private final AtomicInteger alive;
    private final AtomicInteger maxAlive;
    private final long first;
    private final int size;
    private List<JoinHandle<Long>> children;
    private int next;
    private long sum;

    /** A node over the {@code size} leaves numbered from {@code first} (size a power of ten). */
    CountingTreeNode(Spawner spawner, AtomicInteger alive, AtomicInteger maxAlive, long first, int size) {
        this.spawner = spawner;
        this.alive = alive;
        this.maxAlive = maxAlive;
        this.first = first;
        this.size = size;
        maxAlive.accumulateAndGet(alive.incrementAndGet(), Math::max);
    }

    @Override
    public Poll<Long> poll(Context cx) {
        if (size == 1) {
            alive.decrementAndGet();
            return Poll.ready(first);
        }
        if (children == null) {
            int child = size / 10;
            children = new ArrayList<>(10);
            for (int i = 0; i < 10; i++) {
                children.add(spawner.spawn(
                        new CountingTreeNode(spawner, alive, maxAlive, first + (long) i * child, child)));
            }
        }
        while (next < 10) {
            Poll<Long> p = children.get(next).poll(cx);
            if (p.isPending()) {
                return Poll.pending();
            }
            sum += p.get();
            next++;
        }
        alive.decrementAndGet();
        return Poll.ready(sum);
    }
}
