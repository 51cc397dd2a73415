package dev.jawait.fuzzer.run;

import dev.jawait.fuzzer.rt.Schedule;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one compiled program (machine and twin) under its set of schedules and executors and
 * reports the first divergence. The set is a function of a seed, so a divergence replays.
 */
public final class Checker {
    /** Fail plans per program: one without injected failures, one with. */
    static final int[] FAIL_PERCENTS = {0, 12};

    private final Runner runner;
    /** Machine runs so far. */
    public long machineRuns;
    /** Programs skipped because their twin exhausted the JVM's resources (see {@link #exhausted}). */
    public long exhaustedTwins;
    /** Programs skipped because javac miscompiled the twin itself: it fails verification. */
    public long unverifiableTwins;

    /** True if the twin ran out of memory or stack or did not finish: nothing to compare with. */
    static boolean exhausted(Outcome twin) {
        String r = twin.result();
        return r.startsWith("threw java.lang.OutOfMemoryError") || r.startsWith("threw java.lang.StackOverflowError")
                || r.equals("TIMEOUT");
    }

    /** A checker that runs on {@code runner}. */
    public Checker(Runner runner) {
        this.runner = runner;
    }

    /** The (twin schedule, machine schedule, drive) triples checked for {@code seed}. */
    public static List<Object[]> plan(long seed) {
        List<Object[]> out = new ArrayList<>();
        for (int f = 0; f < FAIL_PERCENTS.length; f++) {
            long failSeed = seed * 31 + f + 1;
            for (Drive d : Drive.values()) {
                long suspendSeed = (seed * 1_000_003L + f * 7L + d.ordinal() + 1) | 1;
                out.add(new Object[] {Schedule.of(failSeed, FAIL_PERCENTS[f], suspendSeed), d});
            }
        }
        return out;
    }

    /**
     * Checks class {@code cls} as compiled into {@code machine} and {@code twin}: both are linked
     * first, so that the verifier runs before any schedule does. A twin that fails verification is
     * javac's own bug (the same body without the processor), not a divergence: it is skipped and
     * counted in {@link #unverifiableTwins}. A machine that fails it while its twin passes is a
     * {@code VERIFY} divergence.
     */
    public Divergence check(ClassLoader machine, ClassLoader twin, String cls, long seed) {
        Class<?> twinClass;
        try {
            twinClass = linked(twin, cls);
        } catch (LinkageError e) {
            unverifiableTwins++;
            return null;
        }
        Class<?> machineClass;
        try {
            machineClass = linked(machine, cls);
        } catch (LinkageError e) {
            return new Divergence("VERIFY", String.valueOf(e.getMessage()), null, null, null, null);
        }
        return check(machineClass, twinClass, seed);
    }

    /** {@code cls} loaded and initialised (so verified) by {@code loader}. */
    private static Class<?> linked(ClassLoader loader, String cls) {
        try {
            return Class.forName(cls, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks the plan of {@code seed}; null if every run agrees with the twin. */
    public Divergence check(Class<?> machine, Class<?> twin, long seed) {
        Schedule lastTwin = null;
        Outcome expected = null;
        for (Object[] run : plan(seed)) {
            Schedule s = (Schedule) run[0];
            Drive d = (Drive) run[1];
            Schedule twinSchedule = Schedule.of(s.failSeed(), s.failPercent(), 0);
            if (!twinSchedule.equals(lastTwin)) {
                expected = runner.run(twin, twinSchedule, Drive.BLOCK_ON);
                lastTwin = twinSchedule;
                if (exhausted(expected)) {
                    // e.g. a String doubled in a loop until it overflows: not comparable in bounded
                    // time (the machine, slower, times out first); skip the program.
                    exhaustedTwins++;
                    return null;
                }
            }
            Divergence dv = check(machine, expected, s, d);
            if (dv != null) {
                return dv;
            }
        }
        return null;
    }

    /** Runs the machine once and compares with {@code expected}. */
    public Divergence check(Class<?> machine, Outcome expected, Schedule s, Drive d) {
        Outcome actual = runner.run(machine, s, d);
        machineRuns++;
        if (actual.equals(expected)) {
            return null;
        }
        String kind = actual.result().equals("TIMEOUT") ? "TIMEOUT" : "MISMATCH";
        return new Divergence(kind, "", s, d, expected, actual);
    }

    /** The twin's outcome under {@code s}. */
    public Outcome twin(Class<?> twin, Schedule s) {
        return runner.run(twin, Schedule.of(s.failSeed(), s.failPercent(), 0), Drive.BLOCK_ON);
    }
}
