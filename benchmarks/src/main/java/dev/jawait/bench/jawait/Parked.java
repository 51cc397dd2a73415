package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;

/**
 * A task suspended on an event that does not come: its first poll leaves its waker in slot
 * {@code index} of the event source's registry (allocated beforehand) and returns pending.
 */
public final class Parked implements Future<Void> {
    private final Waker[] registry;
    private final int index;

    public Parked(Waker[] registry, int index) {
        this.registry = registry;
        this.index = index;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        if (registry[index] == null) {
            registry[index] = cx.waker().clone();
        }
        return Poll.pending();
    }
}
