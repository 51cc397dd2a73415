package dev.jawait.fuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.fuzzer.gen.Generator;
import dev.jawait.fuzzer.gen.Program;
import dev.jawait.fuzzer.rt.Schedule;
import dev.jawait.fuzzer.run.BatchCompiler;
import dev.jawait.fuzzer.run.Checker;
import dev.jawait.fuzzer.run.Divergence;
import dev.jawait.fuzzer.run.Drive;
import dev.jawait.fuzzer.run.Outcome;
import dev.jawait.fuzzer.run.Runner;
import java.util.LinkedHashMap;
import java.util.List;
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
        // No Fx futures: the same class can be its own twin, cancel runs included (nothing to cancel).
        sources.put("fz.Same", source("Same", "return Future.ready(1);"));
        sources.put("fz.OtherLog", source("OtherLog", "log(\"extra\"); return Future.ready(1);"));
        sources.put("fz.OtherValue", source("OtherValue", "return Future.ready(2);"));
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
     * The twin's outcome is held while the machine runs: a huge string in it (or in the program's
     * statics) would leave the machine less memory than the twin had, so outcomes keep long
     * strings as length, ends and hashes, and the runner drops the program's statics after a run.
     */
    @Test
    void longStringsAreComparedByDigestAndStaticsAreDroppedAfterARun() throws Exception {
        String big = "ab".repeat(50_000);
        char[] chars = big.toCharArray();
        chars[chars.length / 2] = 'x';
        String otherInTheMiddle = new String(chars);
        Outcome a = new Outcome("returned " + big, List.of("short", big));
        assertEquals(a, new Outcome("returned " + big, List.of("short", new String(big.toCharArray()))));
        assertNotEquals(a, new Outcome("returned " + big, List.of("short", otherInTheMiddle)));
        assertNotEquals(a, new Outcome("returned " + otherInTheMiddle, List.of("short", big)));
        assertEquals("short", a.log().get(0));
        assertTrue(a.log().get(1).length() < 300 && a.log().get(1).contains("100000 chars"), a.log().get(1));

        String body = "held = \"s\".repeat(100_000); log(held); return v(\"a\", held.length());";
        String src = TEMPLATE.replace("NAME", "Holds").replace("BODY", body)
                .replace("public class Holds {", "public class Holds {\n  static String held;");
        BatchCompiler.Batch b = BatchCompiler.compile(Map.of("fz.Holds", src), false);
        assertTrue(b.errors.isEmpty(), () -> b.errors.toString());
        Class<?> holds = b.loader.loadClass("fz.Holds");
        try (Runner runner = new Runner(2_000)) {
            Outcome o = runner.run(holds, Schedule.of(1, 0, 1), Drive.BLOCK_ON);
            assertEquals("returned 100000", o.result());
            assertTrue(o.log().get(1).contains("100000 chars"), o.log().toString());
        }
        java.lang.reflect.Field held = holds.getDeclaredField("held");
        held.setAccessible(true);
        assertNull(held.get(null), "the runner drops what the program's statics hold");
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
            + " return Future.ready(1);";

    @Test
    void twinThatJavacMiscompilesIsSkippedAndAMachineThatDoesIsAVerifyDivergence() {
        BatchCompiler.Batch bad = BatchCompiler.compile(Map.of("fz.V", source("V", JAVAC_VERIFY_BUG)), false);
        BatchCompiler.Batch good = BatchCompiler.compile(Map.of("fz.V", source("V", "return Future.ready(1);")), false);
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
            assertEquals(Checker.plan(5).size(), checker.machineRuns);
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

    private static final String ASYNC_IMPORT = "import static dev.jawait.Await.await;";
    private static final String SYNC_IMPORT = "import static dev.jawait.fuzzer.rt.SyncAwait.await;";
    private static final String ENTER = " dev.jawait.fuzzer.rt.SyncAwait.enter(); try {";
    private static final String LEAVE = "} finally { dev.jawait.fuzzer.rt.SyncAwait.leave(); } ";

    @Test
    void twinBindsAwaitToSyncAwaitAndWrapsEveryAsyncBody() {
        Program p = Generator.generate(3, "P");
        String twin = Program.twinOf(p.source());
        assertEquals(p.source().replace(ASYNC_IMPORT, SYNC_IMPORT), twin.replace(ENTER, "").replace(LEAVE, ""));
        int methods = p.source().split("@Async\n").length - 1;
        assertTrue(methods > 0);
        assertEquals(methods, twin.split(java.util.regex.Pattern.quote(ENTER)).length - 1);
        assertEquals(methods, twin.split(java.util.regex.Pattern.quote(LEAVE)).length - 1);
        assertEquals(p.source().lines().count(), twin.lines().count(), "line numbers stay those of the source");
    }

    /** Headers the generator may produce later, and braces and "@Async" where they are no method. */
    @Test
    void twinFindsBodiesAfterAnyHeader() {
        String src = String.join("\n",
                "package fz;",
                ASYNC_IMPORT,
                "import dev.jawait.Async;",
                "import dev.jawait.Future;",
                "import dev.jawait.fuzzer.rt.*;",
                "/** Not a method: @Async { */",
                "class G {",
                "  // @Async {",
                "  String s = \"@Async {\" + '{';",
                "  @Async @SuppressWarnings({\"unchecked\", \"x{\"})",
                "  final <T extends Comparable<T>> Future<T> g(T first, T... rest) throws FxChecked {",
                "    char c = '}'; String t = \"\\\"}\"; /* } */",
                "    Object o = new Object() {",
                "      @Async Future<Integer> nested() { return Future.ready(1); }",
                "    };",
                "    return Future.ready(first);",
                "  }",
                "  @Async void empty() {}",
                "  @dev.jawait.Async",
                "  static Future<Integer> h(int x) { if (x > 0) { return Future.ready(x); } return Future.ready(0); }",
                "  Runnable r = () -> { };",
                "}");
        String twin = Program.twinOf(src);
        assertTrue(twin.contains("throws FxChecked {" + ENTER + "\n    char c = '}'"), twin);
        assertTrue(twin.contains("return Future.ready(first);\n  " + LEAVE + "}"), twin);
        assertTrue(twin.contains("h(int x) {" + ENTER + " if (x > 0) { return Future.ready(x); } return Future.ready(0); "
                + LEAVE + "}"), twin);
        assertTrue(twin.contains("nested() {" + ENTER + " return Future.ready(1); " + LEAVE + "}"), twin);
        assertTrue(twin.contains("empty() {" + ENTER + LEAVE + "}"), twin);
        assertEquals(src.replace(ASYNC_IMPORT, SYNC_IMPORT), twin.replace(ENTER, "").replace(LEAVE, ""));
        BatchCompiler.Batch b = BatchCompiler.compile(Map.of("fz.G", twin), false);
        assertTrue(b.errors.isEmpty(), () -> b.errors + "\n" + twin);
    }
}
