package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;

/** The empty task body: ready on its first poll. A new object per spawn, as a real task is. */
public final class EmptyFuture implements Future<Void> {
    @Override
    public Poll<Void> poll(Context cx) {
        return Poll.ready(null);
    }
}
