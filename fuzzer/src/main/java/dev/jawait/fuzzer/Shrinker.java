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
    private static final int CHUNK = 24;

    private final Checker checker;
    private final long seed;
    private final Divergence original;
    private int serial;
    /** Candidate programs evaluated. */
    public int trials;

    /**
     * @param seed the seed of the schedules the divergence was found under ({@link Checker#plan})
     */
    public Shrinker(Checker checker, long seed, Divergence original) {
        this.checker = checker;
        this.seed = seed;
        this.original = original;
    }

    /** Shrinks {@code p} in place for at most {@code seconds}; returns the final divergence. */
    public Divergence shrink(Program p, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Divergence last = original;
        boolean progress = true;
        while (progress && System.nanoTime() < deadline) {
            progress = false;
            List<Edits.Edit> edits = Edits.of(p);
            for (int from = 0; from < edits.size() && System.nanoTime() < deadline; from += CHUNK) {
                List<Edits.Edit> chunk = edits.subList(from, Math.min(edits.size(), from + CHUNK));
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
                int i = 0;
                for (String cls : candidates.keySet()) {
                    if (results.get(cls) != null) {
                        good.add(applied.get(i));
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
                Divergence together = done.size() > 1 ? evaluateOne(p) : null;
                if (done.size() > 1 && together == null) {
                    for (int k = done.size() - 1; k >= 0; k--) {
                        done.get(k).undo();
                    }
                    good.get(0).apply();
                    last = evaluateOne(p);
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
