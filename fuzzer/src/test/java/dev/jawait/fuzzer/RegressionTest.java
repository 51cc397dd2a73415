package dev.jawait.fuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.fuzzer.gen.Program;
import dev.jawait.fuzzer.run.BatchCompiler;
import dev.jawait.fuzzer.run.Checker;
import dev.jawait.fuzzer.run.Divergence;
import dev.jawait.fuzzer.run.Runner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Replays every shrunk reproducer in {@code src/test/resources/regressions}: the twin must
 * compile, the machine must compile too, and under the reproducer's schedules (its
 * {@code plan-seed}) on every executor the machine must behave exactly like the twin. A reproducer
 * of an open processor bug fails here until the processor is fixed; see {@code fuzzer/README.md}.
 */
@Timeout(600)
class RegressionTest {
    static final Path DIR = Path.of("src/test/resources/regressions");
    private static Runner runner;

    @BeforeAll
    static void start() {
        runner = new Runner(20_000);
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @TestFactory
    List<DynamicTest> reproducersBehaveLikeTheirTwins() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Regressions.Reproducer r : Regressions.read(DIR)) {
            tests.add(DynamicTest.dynamicTest(r.name + " [" + r.signature() + "]", () -> replay(r)));
        }
        return tests;
    }

    private static void replay(Regressions.Reproducer r) {
        String cls = Program.PACKAGE + "." + r.name;
        BatchCompiler.Batch twin = BatchCompiler.compile(Map.of(cls, Program.twinOf(r.source)), false);
        assertTrue(twin.errors.isEmpty(), () -> "the twin must compile: " + twin.errors);
        BatchCompiler.Batch machine = BatchCompiler.compile(Map.of(cls, r.source), true);
        assertTrue(machine.errors.isEmpty(), () -> r.name + ": the machine must compile like its twin: "
                + machine.errors.get(cls) + "\n" + r.source);
        Checker checker = new Checker(runner);
        Divergence d = checker.check(machine.loader, twin.loader, cls, r.planSeed());
        assertEquals(0, checker.unverifiableTwins, "the twin must pass verification");
        assertNull(d, () -> r.name + " diverges: " + d + "\n" + r.source);
    }
}
