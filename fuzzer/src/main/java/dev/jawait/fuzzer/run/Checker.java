package dev.jawait.fuzzer.run;

import dev.jawait.fuzzer.rt.Fx;
import dev.jawait.fuzzer.rt.Schedule;
import dev.jawait.fuzzer.rt.SyncAwait;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * Runs one compiled program (machine and twin) under its set of schedules and executors and
 * reports the first divergence. The set is a function of a seed, so a divergence replays.
 *
 * <p><b>Cancel runs.</b> Besides the plain runs, the plan has runs with a cancel point (see
 * {@link Schedule}): the machine's task is aborted when the cancel point's first poll returns
 * pending, and it must end with {@link Outcome#ABORTED} and the log of a twin that throws
 * {@code CancellationException} at that await (see {@code SyncAwait}). The threshold is a fraction
 * of the futures the twin's plain run under the same fail plan creates, so that most cancel runs
 * really cancel, early or late in the program alike.
 */
public final class Checker {
    /** Fail plans per program: one without injected failures, one with. */
    static final int[] FAIL_PERCENTS = {0, 12};
    /** The executors of the cancel runs ({@link Drive#BLOCK_ON} has no task to abort). */
    static final Drive[] CANCEL_DRIVES = {Drive.LOCAL, Drive.WORK_STEALING};
    /** The result of a twin that passed its cancel point: its await's (or a body's) CancellationException. */
    private static final String CANCELLED_AT_AWAIT =
            "threw " + Fx.describe(new CancellationException(SyncAwait.CANCELLED_AT_AWAIT));

    private final Runner runner;
    /** Machine runs so far. */
    public long machineRuns;
    /** Machine runs with a cancel point, and those among them that reached it (were aborted). */
    public long cancelRuns, cancelledRuns;
    /** Cancelled machine runs that ran the program's code while unwinding (a catch, finally or close logged). */
    public long unwoundRuns;
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

    /**
     * One machine run of a plan: its schedule (without cancel point), its executor, and for a
     * cancel run where the cancel threshold lies, in permille of the futures the plain twin creates.
     */
    public record Run(Schedule schedule, Drive drive, int cancelPermille) {
        static final int PLAIN = -1;

        /** Whether this run has a cancel point. */
        public boolean cancels() {
            return cancelPermille != PLAIN;
        }

        /** The machine's schedule, given how many futures the plain twin created. */
        public Schedule scheduleFor(int futures) {
            return cancels() ? schedule.cancellingFrom((int) ((long) futures * cancelPermille / 1000)) : schedule;
        }
    }

    /**
     * The runs checked for {@code seed}: per fail plan, a plain run on every executor, then a
     * cancel run on each of {@link #CANCEL_DRIVES}, each run with its own suspend seed.
     */
    public static List<Run> plan(long seed) {
        List<Run> out = new ArrayList<>();
        for (int f = 0; f < FAIL_PERCENTS.length; f++) {
            long failSeed = seed * 31 + f + 1;
            for (Drive d : Drive.values()) {
                long suspendSeed = (seed * 1_000_003L + f * 7L + d.ordinal() + 1) | 1;
                out.add(new Run(Schedule.of(failSeed, FAIL_PERCENTS[f], suspendSeed), d, Run.PLAIN));
            }
            for (Drive d : CANCEL_DRIVES) {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003L + 100 + f * 7L + d.ordinal());
                out.add(new Run(Schedule.of(failSeed, FAIL_PERCENTS[f], r.nextLong() | 1), d, r.nextInt(1000)));
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
        Outcome plain = null;
        int futures = 0;
        for (Run run : plan(seed)) {
            Schedule twinSchedule = run.schedule().plainTwin();
            if (!twinSchedule.equals(lastTwin)) {
                plain = runner.run(twin, twinSchedule, Drive.BLOCK_ON);
                futures = Fx.created(); // runs are sequential: Fx still holds the twin's count
                lastTwin = twinSchedule;
                if (exhausted(plain)) {
                    // e.g. a String doubled in a loop until it overflows: not comparable in bounded
                    // time (the machine, slower, times out first); skip the program.
                    exhaustedTwins++;
                    return null;
                }
            }
            Schedule s = run.scheduleFor(futures);
            Outcome expected = plain;
            if (run.cancels()) {
                expected = twin(twin, s);
                if (exhausted(expected)) {
                    exhaustedTwins++;
                    return null;
                }
            }
            Divergence dv = check(machine, expected, s, run.drive());
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
        if (s.cancels()) {
            cancelRuns++;
            if (actual.cancelled()) {
                cancelledRuns++;
                if (ranCodeWhileUnwinding(actual.log())) {
                    unwoundRuns++;
                }
            }
        }
        if (actual.equals(expected)) {
            return null;
        }
        String kind = actual.result().equals("TIMEOUT") ? "TIMEOUT" : "MISMATCH";
        return new Divergence(kind, "", s, d, expected, actual);
    }

    /** Whether the program logged anything but the cancellation of a future after the first one. */
    private static boolean ranCodeWhileUnwinding(List<String> log) {
        int first = 0;
        while (first < log.size() && !log.get(first).startsWith(Fx.CANCELLED)) {
            first++;
        }
        return log.subList(Math.min(first + 1, log.size()), log.size()).stream()
                .anyMatch(e -> !e.startsWith(Fx.CANCELLED));
    }

    /**
     * The twin's outcome under {@code s}, as the machine's must be. Past a cancel point the twin's
     * own result is not what the machine shows: the machine's unwinding ends inside the executor's
     * cancel, which swallows it, and awaiting the aborted task's handle throws. So a cancelled twin
     * that ends, as it must, with the await's {@code CancellationException} counts as
     * {@link Outcome#ABORTED}; its log is compared as it is. A cancelled twin that ends otherwise
     * keeps its result (the instrumentation of {@code Program.twinOf} is missing), which then
     * diverges rather than passing unchecked.
     */
    public Outcome twin(Class<?> twin, Schedule s) {
        if (!s.cancels()) {
            return runner.run(twin, s.plainTwin(), Drive.BLOCK_ON);
        }
        Outcome o = runner.run(twin, s, Drive.BLOCK_ON);
        return o.cancelled() && o.result().equals(CANCELLED_AT_AWAIT) ? new Outcome(Outcome.ABORTED, o.log(), true) : o;
    }
}
