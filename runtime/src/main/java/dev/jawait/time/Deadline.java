package dev.jawait.time;

import java.time.Duration;

/**
 * A point in time on one {@link Timer}'s clock, in nanoseconds since that timer's origin (when it
 * was created). Deadlines from different timers cannot be compared meaningfully; use a deadline
 * only with the timer that made it ({@link Timer#now()}, {@link Timer#deadlineAfter(Duration)}).
 *
 * <p>Arithmetic saturates: a deadline "a thousand years from now" is simply the far future, never
 * an overflow into the past. Immutable; value-based.
 */
public final class Deadline implements Comparable<Deadline> {
    private final long nanos;

    private Deadline(long nanos) {
        this.nanos = nanos;
    }

    /** The deadline {@code nanos} nanoseconds after the origin of a timer's clock. */
    public static Deadline ofNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("deadline before the clock's origin: " + nanos);
        }
        return new Deadline(nanos);
    }

    /** Nanoseconds since the origin of the timer's clock. */
    public long toNanos() {
        return nanos;
    }

    /** This deadline moved by {@code d} (which may be negative), saturating at both ends. */
    public Deadline plus(Duration d) {
        return new Deadline(Math.max(0, saturatingAdd(nanos, saturatingNanos(d))));
    }

    /** The time from {@code earlier} to this deadline; negative if {@code earlier} is later. */
    public Duration since(Deadline earlier) {
        return Duration.ofNanos(nanos - earlier.nanos);
    }

    /** Whether this deadline is strictly before {@code other}. */
    public boolean isBefore(Deadline other) {
        return nanos < other.nanos;
    }

    /** Whether this deadline is strictly after {@code other}. */
    public boolean isAfter(Deadline other) {
        return nanos > other.nanos;
    }

    @Override
    public int compareTo(Deadline other) {
        return Long.compare(nanos, other.nanos);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Deadline && ((Deadline) o).nanos == nanos;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(nanos);
    }

    @Override
    public String toString() {
        return "Deadline[+" + human(nanos) + "]";
    }

    /**
     * A short human reading of a nanosecond amount, for {@code toString}s: {@code 1.5s},
     * {@code 250ms}, {@code 40us}, {@code 12ns} (at most three decimals, trailing zeros dropped).
     */
    static String human(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return "forever";
        }
        long abs = Math.abs(nanos);
        String sign = nanos < 0 ? "-" : "";
        if (abs >= 1_000_000_000L) {
            return sign + decimal(abs, 1_000_000_000L) + "s";
        }
        if (abs >= 1_000_000L) {
            return sign + decimal(abs, 1_000_000L) + "ms";
        }
        if (abs >= 1_000L) {
            return sign + decimal(abs, 1_000L) + "us";
        }
        return sign + abs + "ns";
    }

    private static String decimal(long amount, long unit) {
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(amount)
                .divide(java.math.BigDecimal.valueOf(unit), 3, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return d.toPlainString();
    }

    /** {@code d} in nanoseconds, clamped to the {@code long} range instead of overflowing. */
    static long saturatingNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static long saturatingAdd(long a, long b) {
        long r = a + b;
        // Overflow iff both operands have the same sign and the result's sign differs.
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
