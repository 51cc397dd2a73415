package dev.jawait.fuzzer.rt;

/**
 * Decides, per creation index, the outcome of each awaited future: which ones fail (and with what)
 * and how each completes. Outcomes are pure functions of the seeds, so a run can be reproduced and
 * the synchronous twin sees the same failures.
 *
 * <p>A schedule may also carry a <em>cancel point</em>: the first awaited future with creation
 * index {@code >= cancelFrom} that suspends (is not {@link Fx.Behavior#READY}). When its first
 * poll returns pending, the machine's task is aborted; the twin's {@link SyncAwait} throws
 * {@code CancellationException} there instead (see {@link Fx#passCancelPoint}).
 *
 * @param failSeed chooses the failing futures; the twin must use the same one
 * @param failPercent the chance, in percent, that a future fails
 * @param suspendSeed chooses each future's {@link Fx.Behavior}; the twin needs it only to find
 *     the cancel point
 * @param cancelFrom the lowest creation index the cancel point may have, or {@link #NO_CANCEL}
 */
public record Schedule(long failSeed, int failPercent, long suspendSeed, int cancelFrom) {
    /** {@link #cancelFrom} of a schedule without a cancel point. */
    public static final int NO_CANCEL = -1;

    /** A schedule without a cancel point. */
    public static Schedule of(long failSeed, int failPercent, long suspendSeed) {
        return new Schedule(failSeed, failPercent, suspendSeed, NO_CANCEL);
    }

    /** This schedule with its cancel point at the first suspending future from index {@code k} on. */
    public Schedule cancellingFrom(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("cancel threshold " + k);
        }
        return new Schedule(failSeed, failPercent, suspendSeed, k);
    }

    /** Whether this schedule has a cancel point (it may still not be reached). */
    public boolean cancels() {
        return cancelFrom != NO_CANCEL;
    }

    /** The same failures without suspensions or cancel point: the twin's plain run. */
    public Schedule plainTwin() {
        return of(failSeed, failPercent, 0);
    }

    /**
     * Whether a cancel point at the {@code k}th future, if that one completes from the
     * {@code fx-completer} thread, is aborted from that thread (before the completion) rather
     * than inside its poll: the executors' two abort paths. The twin cannot tell the difference.
     */
    public boolean abortsFromCompleter(int k) {
        return ((mix(suspendSeed, k) >>> 40) & 1) == 0;
    }

    /** The failure of the {@code k}th future, or null if it succeeds. */
    Throwable failureOf(int k, String tag) {
        if (failPercent <= 0) {
            return null;
        }
        long h = mix(failSeed, k);
        if (Math.floorMod(h, 100) >= failPercent) {
            return null;
        }
        String message = "injected " + tag + "#" + k;
        return ((h >>> 20) & 1) == 0 ? new FxUnchecked(message) : new FxChecked(message);
    }

    /** How the {@code k}th future completes (public so that tests can place a cancel point). */
    public Fx.Behavior behaviorOf(int k) {
        if (suspendSeed == 0) {
            return Fx.Behavior.READY;
        }
        Fx.Behavior[] all = Fx.Behavior.values();
        return all[(int) Math.floorMod(mix(suspendSeed, k) >>> 8, (long) all.length)];
    }

    /** SplitMix64 finaliser over seed and index. */
    static long mix(long seed, long k) {
        long z = seed * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
