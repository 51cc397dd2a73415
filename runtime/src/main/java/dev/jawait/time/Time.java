package dev.jawait.time;

import dev.jawait.Future;
import java.time.Duration;

/**
 * Static shortcuts to the shared real-time timer, {@link Timer#system()}. Code that should be
 * testable on a {@link VirtualTimer} takes a {@link Timer} instead.
 */
public final class Time {
    private Time() {}

    /** {@link Timer#sleep} on the system timer. */
    public static Future<Void> sleep(Duration d) {
        return Timer.system().sleep(d);
    }

    /** {@link Timer#sleepUntil} on the system timer. */
    public static Future<Void> sleepUntil(Deadline deadline) {
        return Timer.system().sleepUntil(deadline);
    }

    /** {@link Timer#timeout} on the system timer. */
    public static <T> Future<T> timeout(Future<T> future, Duration d) {
        return Timer.system().timeout(future, d);
    }

    /** {@link Timer#interval(Duration)} on the system timer. */
    public static Interval interval(Duration period) {
        return Timer.system().interval(period);
    }

    /** {@link Timer#now()} on the system timer. */
    public static Deadline now() {
        return Timer.system().now();
    }
}
