package dev.jawait.executor;

import java.util.function.BooleanSupplier;

/**
 * Spinning before parking, for a thread that runs out of work (a blocked {@code blockOn}, an idle
 * work-stealing worker): a wake that comes within {@link #DEFAULT_NANOS} skips both the park and
 * the unpark of an idle CPU, which cost about that much on a virtual machine. Kotlin's scheduler
 * and {@code ForkJoinPool} spin before parking for the same reason.
 *
 * <p>The spin yields the CPU between rounds of checks: where threads outnumber CPUs (2 shared
 * cores here), a pure spin kept the thread that would produce the wake off the CPU, and a chain of
 * awaits on the work-stealing executor took twice as long under load as with no spin at all;
 * yielding, it stayed the fastest of the three (BENCHMARKS.md, run K).
 */
final class SpinWait {
    /** The default spin: 20 µs. */
    static final long DEFAULT_NANOS = 20_000;

    /** Checks between two yields of the CPU. */
    private static final int CHECKS_PER_ROUND = 32;

    private SpinWait() {}

    /**
     * Spins for up to {@code nanos} until {@code done} returns {@code true}; returns whether it did.
     * {@code done} should not allocate: it runs thousands of times.
     */
    static boolean until(long nanos, BooleanSupplier done) {
        if (nanos <= 0) {
            return false;
        }
        long deadline = System.nanoTime() + nanos;
        do {
            for (int i = 0; i < CHECKS_PER_ROUND; i++) {
                if (done.getAsBoolean()) {
                    return true;
                }
                Thread.onSpinWait();
            }
            Thread.yield(); // a spinner must not keep a runnable thread off an oversubscribed CPU
        } while (System.nanoTime() - deadline < 0);
        return false;
    }
}
