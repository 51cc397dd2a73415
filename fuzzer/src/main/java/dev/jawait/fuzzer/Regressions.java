package dev.jawait.fuzzer;

import dev.jawait.fuzzer.gen.Program;
import dev.jawait.fuzzer.run.Divergence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads and writes shrunk reproducers: {@code <name>.java} (the {@code @Async} source, class
 * {@code fz.<name>}) and {@code <name>.expected} ({@code key: value} lines: {@code kind},
 * {@code signature}, {@code plan-seed} — the seed of the schedules to replay, see
 * {@code Checker.plan} — and, for reading only, what the twin and the machine did when found).
 */
public final class Regressions {
    private Regressions() {}

    /** One stored reproducer. */
    public static final class Reproducer {
        /** File (and class) name. */
        public final String name;
        /** The {@code @Async} source. */
        public final String source;
        /** The {@code .expected} entries. */
        public final Map<String, String> expected;

        Reproducer(String name, String source, Map<String, String> expected) {
            this.name = name;
            this.source = source;
            this.expected = expected;
        }

        /** The seed of the schedules to replay. */
        public long planSeed() {
            return Long.parseLong(expected.getOrDefault("plan-seed", "0"));
        }

        /** The signature of the divergence it reproduces. */
        public String signature() {
            return expected.getOrDefault("signature", "");
        }
    }

    /** Writes a shrunk reproducer to {@code dir}; returns its name. */
    public static String write(Path dir, Program p, long planSeed, Divergence d, int originalSize) {
        String slug = d.signature().replaceAll("(?s)^(\\w+).*", "$1").toLowerCase();
        String name = "R" + Long.toUnsignedString(p.seed) + "_" + slug;
        StringBuilder ex = new StringBuilder();
        ex.append("# jawait fuzzer reproducer, shrunk from ").append(originalSize).append(" to ").append(p.size())
                .append(" statements; generator seed ").append(p.seed).append('\n');
        ex.append("kind: ").append(d.kind()).append('\n');
        ex.append("signature: ").append(d.signature()).append('\n');
        ex.append("plan-seed: ").append(planSeed).append('\n');
        if (d.kind().equals("COMPILE") || d.kind().equals("VERIFY")) {
            ex.append("expected: the machine compiles and verifies, like its twin\n");
            ex.append("found: ").append(d.detail().replace("\n", " | ")).append('\n');
        } else {
            ex.append("expected (twin): ").append(d.expected()).append('\n');
            ex.append("found (machine on ").append(d.drive()).append(", ").append(d.schedule()).append("): ")
                    .append(d.actual()).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".java"), p.source(name), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(name + ".expected"), ex.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** Every reproducer in {@code dir} (none if it does not exist). */
    public static List<Reproducer> read(Path dir) {
        List<Reproducer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".java")) {
                    continue;
                }
                String name = file.substring(0, file.length() - ".java".length());
                Map<String, String> expected = new LinkedHashMap<>();
                Path ex = dir.resolve(name + ".expected");
                if (Files.exists(ex)) {
                    for (String line : Files.readAllLines(ex, StandardCharsets.UTF_8)) {
                        int colon = line.indexOf(": ");
                        if (!line.startsWith("#") && colon > 0) {
                            expected.put(line.substring(0, colon), line.substring(colon + 2));
                        }
                    }
                }
                out.add(new Reproducer(name, Files.readString(f, StandardCharsets.UTF_8), expected));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
