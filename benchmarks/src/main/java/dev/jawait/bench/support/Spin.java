package dev.jawait.bench.support;

import java.util.function.LongSupplier;

/**
 * Busy-waiting for another thread's acknowledgement, as cross-thread latency benchmarks must (a
 * parked waiter would add its own wake-up to every sample). Bounded, so that a broken row fails
 * instead of hanging the run.
 */
public final class Spin {
    private Spin() {}

    private static final long LIMIT_NANOS = 10_000_000_000L;

    /** Spins until {@code counter} differs from {@code seen}; returns its new value. */
    public static long untilChanged(LongSupplier counter, long seen) {
        long now = counter.getAsLong();
        if (now != seen) {
            return now;
        }
        long deadline = System.nanoTime() + LIMIT_NANOS;
        int spins = 0;
        while ((now = counter.getAsLong()) == seen) {
            Thread.onSpinWait();
            if ((++spins & 0xFFFF) == 0 && System.nanoTime() > deadline) {
                throw new IllegalStateException("no acknowledgement within 10 s: the row is broken");
            }
        }
        return now;
    }
}
