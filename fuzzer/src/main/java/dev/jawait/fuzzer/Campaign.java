package dev.jawait.fuzzer;

import dev.jawait.fuzzer.gen.Generator;
import dev.jawait.fuzzer.gen.Program;
import dev.jawait.fuzzer.run.BatchCompiler;
import dev.jawait.fuzzer.run.Checker;
import dev.jawait.fuzzer.run.Divergence;
import dev.jawait.fuzzer.run.Runner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fuzzing campaign: generates {@code count} programs from {@code seed}, compiles them in batches
 * (twins without the processor, machines with it), runs each under its schedules and executors,
 * and compares with the twin. Divergences are grouped by {@link Divergence#signature()}; the first
 * of each group can be shrunk and written as a regression reproducer.
 *
 * <pre>java ... dev.jawait.fuzzer.Campaign --seed 1 --count 20000 [--batch 40] [--shrink DIR]</pre>
 *
 * Ends by printing the coverage counter and {@code N programs, M divergences}.
 */
public final class Campaign {
    /** Options. */
    public long seed = 1;
    /** Programs to generate. */
    public int count = 100;
    /** Index of the first program: a campaign cut short can be continued where it stopped. */
    public int first;
    /** Programs per javac run. */
    public int batch = 40;
    /** Where to write shrunk reproducers (null: do not shrink). */
    public Path shrinkTo;
    /** Seconds to spend shrinking one divergence. */
    public int shrinkSeconds = 120;
    /** Which constructs may contain awaits. */
    public Generator.Profile profile = Generator.Profile.FULL;
    /** Stop (after the current batch) when this many minutes have passed; 0: no limit. */
    public int minutes;
    /** Progress output. */
    public boolean verbose = true;

    /** Signatures already reproduced (not shrunk again). */
    public final java.util.Set<String> known = new java.util.HashSet<>();
    /** Reproducers written by this campaign. */
    public final List<String> written = new ArrayList<>();

    /** Programs run. */
    public int programs;
    /** Programs whose machine diverged from the twin. */
    public final List<Found> divergences = new ArrayList<>();
    /** Programs whose twin javac rejected (generator bugs). */
    public final List<String> generatorErrors = new ArrayList<>();
    /** How many programs used each construct family. */
    public final Map<String, Integer> coverage = new TreeMap<>();
    /** Twins on which javac itself crashed (skipped). */
    public int javacCrashes;
    /** Programs skipped because the twin ran out of memory or stack. */
    public long exhaustedTwins;
    /** Programs skipped because javac miscompiled the twin (it fails verification). */
    public long unverifiableTwins;
    /**
     * The processor's documented, deliberate rejections: a {@code COMPILE} divergence whose
     * errors contain one of these lines is counted in {@link #rejections}, not as a divergence.
     */
    public final List<String> limitations = new ArrayList<>();
    /** Programs the processor rejected with a documented limitation, per limitation. */
    public final Map<String, Integer> rejections = new TreeMap<>();
    /** Nanoseconds spent generating, compiling twins, compiling machines and running. */
    private long genNanos, twinNanos, machineNanos, runNanos;
    /** Machine runs made. */
    public long machineRuns;
    /** Machine runs with a cancel point, and those that reached it (their task was aborted). */
    public long cancelRuns, cancelledRuns;
    /** Cancelled runs whose unwinding ran program code (catch, finally, close). */
    public long unwoundRuns;
    private long wallNanos;

    /** A diverging program. */
    public static final class Found {
        /** The program. */
        public final Program program;
        /** How it diverged. */
        public final Divergence divergence;

        Found(Program program, Divergence divergence) {
            this.program = program;
            this.divergence = divergence;
        }
    }

    /** The seed of the {@code i}th program of a campaign. */
    public static long programSeed(long seed, int i) {
        return seed * 1_000_003L + i;
    }

    /** Runs the campaign. */
    public void run() {
        long start = System.nanoTime();
        try (Runner runner = new Runner(10_000)) {
            Checker checker = new Checker(runner);
            for (int from = first; from < count; from += batch) {
                if (minutes > 0 && System.nanoTime() - start > minutes * 60_000_000_000L) {
                    System.out.println("time limit of " + minutes + " minutes reached after " + from + " programs");
                    break;
                }
                int to = Math.min(count, from + batch);
                long t0 = System.nanoTime();
                List<Program> ps = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    ps.add(Generator.generate(programSeed(seed, i), "P" + i, profile));
                }
                genNanos += System.nanoTime() - t0;
                runBatch(ps, checker);
                if (verbose) {
                    System.out.printf("[%d/%d] %d divergences, %d rejections, %d generator errors, %.0f s%n", to,
                            count, divergences.size(), rejected(), generatorErrors.size(),
                            (System.nanoTime() - start) / 1e9);
                }
            }
            machineRuns = checker.machineRuns;
            cancelRuns = checker.cancelRuns;
            cancelledRuns = checker.cancelledRuns;
            unwoundRuns = checker.unwoundRuns;
            exhaustedTwins = checker.exhaustedTwins;
            unverifiableTwins = checker.unverifiableTwins;
        }
        wallNanos = System.nanoTime() - start;
    }

    private void runBatch(List<Program> ps, Checker checker) {
        Map<String, String> twins = new LinkedHashMap<>();
        Map<String, Program> byName = new LinkedHashMap<>();
        for (Program p : ps) {
            twins.put(p.className(), Program.twinOf(p.source()));
            byName.put(p.className(), p);
        }
        long t0 = System.nanoTime();
        BatchCompiler.Batch twin = BatchCompiler.compile(twins, false);
        long t1 = System.nanoTime();
        twinNanos += t1 - t0;
        Map<String, String> machines = new LinkedHashMap<>();
        for (Program p : ps) {
            List<String> errs = twin.errors.get(p.className());
            if (errs != null && errs.size() == 1 && errs.get(0).startsWith("javac crashed")) {
                javacCrashes++; // javac itself fails on the twin: not what this fuzzer tests
                continue;
            }
            if (errs != null) {
                generatorErrors.add(p.className() + " (seed " + p.seed + "): " + errs);
                if (verbose) {
                    System.out.println("GENERATOR ERROR " + p.className() + " seed " + p.seed + ": " + errs
                            + "\n" + p.source());
                }
                continue;
            }
            machines.put(p.className(), p.source());
        }
        BatchCompiler.Batch machine = BatchCompiler.compile(machines, true);
        long t2 = System.nanoTime();
        machineNanos += t2 - t1;
        try {
            check(machines.keySet(), byName, twin, machine, checker);
        } finally {
            runNanos += System.nanoTime() - t2;
        }
    }

    private void check(Iterable<String> classes, Map<String, Program> byName, BatchCompiler.Batch twin,
            BatchCompiler.Batch machine, Checker checker) {
        for (String cls : classes) {
            Program p = byName.get(cls);
            programs++;
            for (String f : p.features) {
                coverage.merge(f, 1, Integer::sum);
            }
            Divergence d;
            List<String> errs = machine.errors.get(cls);
            if (errs != null) {
                d = new Divergence("COMPILE", String.join("\n", errs), null, null, null, null);
                String limitation = limitationOf(d);
                if (limitation != null) {
                    rejections.merge(limitation, 1, Integer::sum);
                    continue;
                }
            } else {
                d = checker.check(machine.loader, twin.loader, cls, p.seed);
            }
            if (d != null) {
                divergences.add(new Found(p, d));
                if (verbose) {
                    System.out.println("DIVERGENCE " + cls + " seed " + p.seed + " [" + d.signature() + "]\n  " + d);
                }
                if (shrinkTo != null && known.add(d.signature())) {
                    int size = p.size();
                    Shrinker shrinker = new Shrinker(checker, p.seed, d);
                    Divergence small = shrinker.shrink(p, shrinkSeconds);
                    String name = Regressions.write(shrinkTo, p, p.seed, small, size);
                    written.add(name);
                    if (verbose) {
                        System.out.println("SHRUNK " + size + " -> " + p.size() + " statements in " + shrinker.trials
                                + " trials: " + shrinkTo.resolve(name + ".java"));
                    }
                }
            }
        }
    }

    /** The documented limitation {@code d} is an instance of, or null. */
    private String limitationOf(Divergence d) {
        for (String l : limitations) {
            if (d.detail().contains(l)) {
                return l;
            }
        }
        return null;
    }

    /** Programs rejected with a documented limitation. */
    public int rejected() {
        return rejections.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Divergence counts per signature. */
    public Map<String, Integer> signatures() {
        Map<String, Integer> out = new TreeMap<>();
        for (Found f : divergences) {
            out.merge(f.divergence.signature(), 1, Integer::sum);
        }
        return out;
    }

    /** The closing report: coverage, signatures and the {@code N programs, M divergences} line. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("coverage (programs using each construct family):\n");
        coverage.forEach((k, v) -> sb.append(String.format("  %6d  %s%n", v, k)));
        sb.append("rejections (documented limitations of the processor):\n");
        rejections.forEach((k, v) -> sb.append(String.format("  %6d  %s%n", v, k)));
        sb.append("divergence signatures:\n");
        signatures().forEach((k, v) -> sb.append(String.format("  %6d  %s%n", v, k)));
        sb.append(generatorErrors.size()).append(" generator errors, ").append(javacCrashes)
                .append(" javac crashes on twins (skipped), ").append(unverifiableTwins)
                .append(" twins javac miscompiled (VerifyError, skipped), ").append(exhaustedTwins)
                .append(" twins out of memory/stack (skipped), ").append(machineRuns).append(" machine runs (")
                .append(cancelRuns).append(" with a cancel point, ").append(cancelledRuns)
                .append(" of them really cancelled, ").append(unwoundRuns)
                .append(" of those ran catch/finally/close code while unwinding)\n");
        sb.append(String.format("time: %.0f s (generate %.0f, javac twins %.0f, javac+processor machines %.0f,"
                + " runs %.0f)%n", wallNanos / 1e9, genNanos / 1e9, twinNanos / 1e9, machineNanos / 1e9,
                runNanos / 1e9));
        sb.append(programs).append(" programs, ").append(rejected()).append(" rejected, ")
                .append(divergences.size()).append(" divergences");
        return sb.toString();
    }

    /** Reads {@link #limitations} from {@code file}: one per line; blank lines and {@code #} comments skipped. */
    public void readLimitations(Path file) {
        try {
            for (String line : java.nio.file.Files.readAllLines(file)) {
                String l = line.trim();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    limitations.add(l);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Command line: {@code --seed S --count N [--batch B] [--profile full|supported] [--minutes M] [--shrink DIR]
     * [--shrink-seconds T] [--limitations FILE] [--from I] [--quiet]}. */
    public static void main(String[] args) {
        Campaign c = parse(args);
        c.run();
        System.out.println(c.summary());
    }

    /** A campaign configured by command-line arguments (see {@link #main}). */
    public static Campaign parse(String[] args) {
        Campaign c = new Campaign();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed": c.seed = Long.parseLong(args[++i]); break;
                case "--count": c.count = Integer.parseInt(args[++i]); break;
                case "--from": c.first = Integer.parseInt(args[++i]); break;
                case "--batch": c.batch = Integer.parseInt(args[++i]); break;
                case "--shrink":
                    c.shrinkTo = Path.of(args[++i]);
                    Regressions.read(c.shrinkTo).forEach(r -> c.known.add(r.signature()));
                    break;
                case "--shrink-seconds": c.shrinkSeconds = Integer.parseInt(args[++i]); break;
                case "--profile": c.profile = Generator.Profile.valueOf(args[++i].toUpperCase()); break;
                case "--minutes": c.minutes = Integer.parseInt(args[++i]); break;
                case "--limitations": c.readLimitations(Path.of(args[++i])); break;
                case "--quiet": c.verbose = false; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return c;
    }
}
