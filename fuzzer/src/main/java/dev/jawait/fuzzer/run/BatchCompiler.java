package dev.jawait.fuzzer.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a batch of programs in as few javac runs as possible, separating the ones that fail:
 * javac writes no class when any source has an error, so the failing sources are taken out and
 * the rest compiled again.
 */
public final class BatchCompiler {
    private BatchCompiler() {}

    /** The classes of the sources that compiled, and the errors of those that did not. */
    public static final class Batch {
        /** Loader of every class that compiled (null if none did). */
        public ClassLoader loader;
        /** Errors per failing class name. */
        public final Map<String, List<String>> errors = new LinkedHashMap<>();
        /** Javac runs used. */
        public int javacRuns;
    }

    /** Compiles {@code sources} (class name to text), with or without the processor. */
    public static Batch compile(Map<String, String> sources, boolean withProcessor) {
        Batch batch = new Batch();
        Map<String, String> remaining = new LinkedHashMap<>(sources);
        while (!remaining.isEmpty()) {
            MemoryCompiler.Result r = MemoryCompiler.compile(remaining, withProcessor);
            batch.javacRuns++;
            if (r.ok()) {
                batch.loader = r.loader();
                return batch;
            }
            List<String> blamed = new ArrayList<>();
            for (String cls : r.failed) {
                if (remaining.containsKey(cls)) {
                    blamed.add(cls);
                }
            }
            boolean crashed = r.errors.size() == 1 && r.errors.get(0).startsWith("javac crashed");
            if (blamed.isEmpty() || remaining.size() == 1 || crashed) {
                // An error javac could not tie to one source: fall back to one run per source.
                if (remaining.size() == 1) {
                    batch.errors.put(remaining.keySet().iterator().next(), r.errors);
                    return batch;
                }
                Map<String, String> ok = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : remaining.entrySet()) {
                    MemoryCompiler.Result one = MemoryCompiler.compile(Map.of(e.getKey(), e.getValue()), withProcessor);
                    batch.javacRuns++;
                    if (one.ok()) {
                        ok.put(e.getKey(), e.getValue());
                    } else {
                        batch.errors.put(e.getKey(), one.errors);
                    }
                }
                remaining = ok;
                continue;
            }
            for (String cls : blamed) {
                List<String> mine = new ArrayList<>();
                for (String err : r.errors) {
                    if (err.startsWith(cls + ":")) {
                        mine.add(err.substring(cls.length() + 1));
                    }
                }
                batch.errors.put(cls, mine);
                remaining.remove(cls);
            }
        }
        return batch;
    }
}
