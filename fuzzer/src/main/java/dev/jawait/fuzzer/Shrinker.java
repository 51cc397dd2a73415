package dev.jawait.fuzzer;

import dev.jawait.fuzzer.gen.Edits;
import dev.jawait.fuzzer.gen.Program;
import dev.jawait.fuzzer.run.BatchCompiler;
import dev.jawait.fuzzer.run.Checker;
import dev.jawait.fuzzer.run.Divergence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shrinks a diverging program to a small reproducer: greedy delta debugging over the edits of
 * {@link Edits} (remove statements and methods, splice blocks, simplify expressions), keeping an
 * edit when the program still diverges the same way (same {@link Divergence#signature()} for a
 * compile failure, same kind for a run-time divergence). Candidates are evaluated in batches (one
 * javac run for many) because compiling dominates; candidates the twin's javac rejects are simply
 * not kept.
 */
public final class Shrinker {
    /** Candidates evaluated in one batch at most. */
    private static final int MAX_CHUNK = 24;

    /**
     * Judges a batch of candidates: for each (class name to source), the divergence if it still
     * diverges like the original, else {@code null} (or no entry).
     */
    interface Judge {
        Map<String, Divergence> judge(Map<String, String> candidates);
    }

    private final Checker checker;
    private final long seed;
    private final Divergence original;
    private final Judge judge;
    private int serial;
    /** Candidate programs evaluated. */
    public int trials;
    /**
     * What one candidate cost in the last batch, 0 until a batch ran: the next batch is sized to
     * fit the time left (a 400-line program takes seconds per candidate to compile with the
     * processor, so a full batch alone could overrun the deadline by minutes).
     */
    private long nanosPerCandidate;

    /**
     * @param seed the seed of the schedules the divergence was found under ({@link Checker#plan})
     */
    public Shrinker(Checker checker, long seed, Divergence original) {
        this.checker = checker;
        this.seed = seed;
        this.original = original;
        this.judge = this::compileAndRun;
    }

    /** A shrinker whose candidates {@code judge} judges (for tests). */
    Shrinker(Judge judge, Divergence original) {
        this.checker = null;
        this.seed = 0;
        this.original = original;
        this.judge = judge;
    }

    /** Shrinks {@code p} in place for at most {@code seconds}; returns the final divergence. */
    public Divergence shrink(Program p, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Divergence last = original;
        boolean progress = true;
        while (progress && System.nanoTime() < deadline) {
            progress = false;
            List<Edits.Edit> edits = Edits.of(p);
            int size;
            for (int from = 0; from < edits.size() && System.nanoTime() < deadline; from += size) {
                size = chunkSize(deadline);
                List<Edits.Edit> chunk = edits.subList(from, Math.min(edits.size(), from + size));
                Map<String, String> candidates = new LinkedHashMap<>();
                List<Edits.Edit> applied = new ArrayList<>();
                for (Edits.Edit e : chunk) {
                    if (e.apply()) {
                        candidates.put(Program.PACKAGE + ".S" + (serial++), p.source(nameOf(serial - 1)));
                        applied.add(e);
                        e.undo();
                    }
                }
                Map<String, Divergence> results = evaluate(candidates);
                List<Edits.Edit> good = new ArrayList<>();
                Divergence firstGood = null;
                int i = 0;
                for (String cls : candidates.keySet()) {
                    if (results.get(cls) != null) {
                        good.add(applied.get(i));
                        firstGood = firstGood != null ? firstGood : results.get(cls);
                    }
                    i++;
                }
                if (good.isEmpty()) {
                    continue;
                }
                // Try all the good edits together; if that stops failing, keep only the first.
                List<Edits.Edit> done = new ArrayList<>();
                for (Edits.Edit e : good) {
                    if (e.apply()) {
                        done.add(e);
                    }
                }
                boolean timeLeft = System.nanoTime() < deadline;
                Divergence together = done.size() > 1 && timeLeft ? evaluateOne(p) : null;
                if (done.size() > 1 && together == null) {
                    // Too late to try them together, or they stop failing together: the first one
                    // alone still fails, as its own candidate showed.
                    for (int k = done.size() - 1; k >= 0; k--) {
                        done.get(k).undo();
                    }
                    good.get(0).apply();
                    last = firstGood;
                } else {
                    last = together != null ? together : results.values().stream()
                            .filter(d -> d != null).findFirst().orElse(last);
                }
                progress = true;
                break; // the tree changed: enumerate the edits again
            }
        }
        return last;
    }

    /**
     * Edits to try in the next batch: one until a batch has been timed, then as many as the time
     * left before {@code deadline} allows (at least one, at most {@value #MAX_CHUNK}).
     */
    int chunkSize(long deadline) {
        if (nanosPerCandidate == 0) {
            return 1;
        }
        long left = deadline - System.nanoTime();
        return (int) Math.max(1, Math.min(MAX_CHUNK, left / nanosPerCandidate));
    }

    /** Records what a batch of {@code candidates} candidates took, for {@link #chunkSize}. */
    void timed(int candidates, long nanos) {
        if (candidates > 0) {
            nanosPerCandidate = Math.max(1, nanos / candidates);
        }
    }

    private static String nameOf(int serial) {
        return "S" + serial;
    }

    private Divergence evaluateOne(Program p) {
        String cls = Program.PACKAGE + ".S" + (serial++);
        Map<String, String> one = new LinkedHashMap<>();
        one.put(cls, p.source(nameOf(serial - 1)));
        return evaluate(one).get(cls);
    }

    /** For each candidate (class name to source): the divergence if it still diverges like the original. */
    private Map<String, Divergence> evaluate(Map<String, String> candidates) {
        trials += candidates.size();
        long start = System.nanoTime();
        try {
            return judge.judge(candidates);
        } finally {
            timed(candidates.size(), System.nanoTime() - start);
        }
    }

    /** The real judge: compiles the candidates, then runs them against their twins. */
    private Map<String, Divergence> compileAndRun(Map<String, String> candidates) {
        Map<String, Divergence> out = new LinkedHashMap<>();
        if (original.kind().equals("COMPILE")) {
            // Cheaper first: keep only the candidates whose machine still fails the same way.
            BatchCompiler.Batch first = BatchCompiler.compile(candidates, true);
            Map<String, String> still = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : candidates.entrySet()) {
                List<String> errs = first.errors.get(e.getKey());
                if (errs != null && new Divergence("COMPILE", String.join("\n", errs), null, null, null, null)
                        .signature().equals(original.signature())) {
                    still.put(e.getKey(), e.getValue());
                }
            }
            candidates = still;
            if (candidates.isEmpty()) {
                return out;
            }
        }
        Map<String, String> twins = new LinkedHashMap<>();
        candidates.forEach((k, v) -> twins.put(k, Program.twinOf(v)));
        BatchCompiler.Batch twin = BatchCompiler.compile(twins, false);
        Map<String, String> machines = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : candidates.entrySet()) {
            if (!twin.errors.containsKey(e.getKey())) {
                machines.put(e.getKey(), e.getValue());
            }
        }
        if (machines.isEmpty()) {
            return out;
        }
        BatchCompiler.Batch machine = BatchCompiler.compile(machines, true);
        for (String cls : machines.keySet()) {
            List<String> errs = machine.errors.get(cls);
            Divergence d;
            if (errs != null) {
                d = new Divergence("COMPILE", String.join("\n", errs), null, null, null, null);
                if (!original.kind().equals("COMPILE") || !d.signature().equals(original.signature())) {
                    d = null;
                }
            } else if (original.kind().equals("COMPILE")) {
                d = null;
            } else {
                d = checker.check(machine.loader, twin.loader, cls, seed);
                if (d != null && !d.kind().equals(original.kind())) {
                    d = null;
                }
            }
            out.put(cls, d);
        }
        return out;
    }
}
