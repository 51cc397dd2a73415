package dev.jawait.fuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.fuzzer.gen.Generator;
import dev.jawait.fuzzer.gen.Program;
import dev.jawait.fuzzer.run.BatchCompiler;
import dev.jawait.fuzzer.run.Checker;
import dev.jawait.fuzzer.run.Divergence;
import dev.jawait.fuzzer.run.Runner;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness itself: determinism, and that the comparison does catch a divergence and a hang. */
@Timeout(300)
class HarnessTest {
    private static final String TEMPLATE = String.join("\n",
            "package fz;",
            "import static dev.jawait.fuzzer.rt.Fx.*;",
            "import dev.jawait.Future;",
            "import dev.jawait.fuzzer.rt.*;",
            "public class NAME {",
            "  public static Object entry() throws Exception {",
            "    log(\"start\");",
            "    BODY",
            "  }",
            "}");

    private static String source(String name, String body) {
        return TEMPLATE.replace("NAME", name).replace("BODY", body);
    }

    @Test
    void generationIsDeterministic() {
        for (long seed = 1; seed < 20; seed++) {
            assertEquals(Generator.generate(seed, "P").source(), Generator.generate(seed, "P").source());
        }
        assertNotEquals(Generator.generate(1, "P").source(), Generator.generate(2, "P").source());
    }

    @Test
    void checkerReportsDifferentLogsResultsAndHangs() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("fz.Same", source("Same", "return v(\"a\", 1);"));
        sources.put("fz.OtherLog", source("OtherLog", "log(\"extra\"); return v(\"a\", 1);"));
        sources.put("fz.OtherValue", source("OtherValue", "return v(\"a\", 2);"));
        sources.put("fz.Hangs", source("Hangs",
                "return (Future<Integer>) cx -> dev.jawait.Poll.pending();"));
        BatchCompiler.Batch b = BatchCompiler.compile(sources, false);
        assertTrue(b.errors.isEmpty(), () -> b.errors.toString());
        try (Runner runner = new Runner(2_000)) {
            Checker checker = new Checker(runner);
            Class<?> same = b.loader.loadClass("fz.Same");
            assertNull(checker.check(same, same, 5));
            Divergence log = checker.check(b.loader.loadClass("fz.OtherLog"), same, 5);
            assertNotNull(log);
            assertEquals("MISMATCH log", log.signature());
            Divergence value = checker.check(b.loader.loadClass("fz.OtherValue"), same, 5);
            assertEquals("MISMATCH returned # -> returned #", value.signature());
            Divergence hang = checker.check(b.loader.loadClass("fz.Hangs"), same, 5);
            assertEquals("TIMEOUT", hang.kind());
        }
    }

    /**
     * javac (17 and 25) emits unverifiable code for a condition {@code a && b} whose left operand
     * is a switch expression that yields {@code false} on every arm: shrunk from the program of
     * the {@code --seed 43 --profile supported} campaign that stopped with a VerifyError in
     * {@code fz.P328.m1} — the twin's class, not the machine's (whose lowered code verifies).
     */
    private static final String JAVAC_VERIFY_BUG = "int s = 3;"
            + " if ((switch (s) { case 1 -> false; default -> false; })"
            + " && (switch (s) { case 1 -> false; default -> true; })) { throw new IllegalStateException(); }"
            + " return v(\"a\", 1);";

    @Test
    void twinThatJavacMiscompilesIsSkippedAndAMachineThatDoesIsAVerifyDivergence() {
        BatchCompiler.Batch bad = BatchCompiler.compile(Map.of("fz.V", source("V", JAVAC_VERIFY_BUG)), false);
        BatchCompiler.Batch good = BatchCompiler.compile(Map.of("fz.V", source("V", "return v(\"a\", 1);")), false);
        assertTrue(bad.errors.isEmpty() && good.errors.isEmpty(), () -> bad.errors + " " + good.errors);
        try (Runner runner = new Runner(2_000)) {
            Checker checker = new Checker(runner);
            assertNull(checker.check(good.loader, bad.loader, "fz.V", 5));
            assertEquals(1, checker.unverifiableTwins);
            Divergence d = checker.check(bad.loader, good.loader, "fz.V", 5);
            assertNotNull(d);
            assertEquals("VERIFY", d.kind());
            assertTrue(d.signature().startsWith("VERIFY "), d.signature());
            assertEquals(0, checker.machineRuns);
            assertNull(checker.check(good.loader, good.loader, "fz.V", 5));
            assertEquals(6, checker.machineRuns);
        }
    }

    @Test
    void batchCompilerSeparatesFailingSources() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("fz.Good", source("Good", "return v(\"a\", 1);"));
        sources.put("fz.Bad", source("Bad", "return undefinedName;"));
        BatchCompiler.Batch b = BatchCompiler.compile(sources, false);
        assertEquals(java.util.Set.of("fz.Bad"), b.errors.keySet());
        assertNotNull(b.loader);
    }

    @Test
    void twinReplacesOnlyTheAwaitImport() {
        Program p = Generator.generate(3, "P");
        String twin = Program.twinOf(p.source());
        assertTrue(twin.contains("import static dev.jawait.fuzzer.rt.SyncAwait.await;"));
        assertEquals(p.source().length() + "fuzzer.rt.SyncAwait".length() - "Await".length(), twin.length());
    }
}
