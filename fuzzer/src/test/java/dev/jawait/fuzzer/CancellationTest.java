package dev.jawait.fuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.fuzzer.gen.Program;
import dev.jawait.fuzzer.rt.Fx;
import dev.jawait.fuzzer.rt.Schedule;
import dev.jawait.fuzzer.run.BatchCompiler;
import dev.jawait.fuzzer.run.Checker;
import dev.jawait.fuzzer.run.Divergence;
import dev.jawait.fuzzer.run.Drive;
import dev.jawait.fuzzer.run.Outcome;
import dev.jawait.fuzzer.run.Runner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancel runs: a machine aborted at its cancel point unwinds exactly like its twin, a cancel point
 * that is never reached leaves a normal run, and a twin that ignores the cancellation rules is
 * reported (so the comparison cannot pass vacuously).
 */
@Timeout(300)
class CancellationTest {
    private static final String CLASS = "fz.Cancel";

    /**
     * Futures in creation order when cancelled at {@code b}: a#0, b#1, late#2. Uncancelled: a#0,
     * b#1, c#2, e#3, d#4. Once cancelled, the catch of {@code m1} replaces the
     * CancellationException (its parent must see one anyway), and its finally calls {@code m2},
     * which must not start.
     */
    private static final String SOURCE = String.join("\n",
            "package fz;",
            "",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.fuzzer.rt.Fx.*;",
            "",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.fuzzer.rt.*;",
            "",
            "public class Cancel {",
            "  public static Object entry() throws Exception {",
            "    return m0(2, 1);",
            "  }",
            "",
            "  @Async",
            "  static Future<Integer> m0(int d, int p) throws FxChecked {",
            "    int r = 0;",
            "    try {",
            "      log(\"m0 start\");",
            "      r += await(m1(d - 1, 1));",
            "      log(\"m0 after m1 \" + r);",
            "      r += await(v(\"d\", 4));",
            "    } catch (RuntimeException e) {",
            "      log(\"m0 caught \" + describe(e));",
            "      r += await(v(\"late\", 5));",
            "      log(\"m0 unreachable\");",
            "    } finally {",
            "      log(\"m0 finally\");",
            "    }",
            "    return Future.ready(r);",
            "  }",
            "",
            "  @Async",
            "  static Future<Integer> m1(int d, int p) throws FxChecked {",
            "    try (Res res = new Res(\"r1\", 0)) {",
            "      int a = await(v(\"a\", 1));",
            "      int b = await(v(\"b\", 2));",
            "      log(\"m1 sum \" + (a + b));",
            "      return Future.ready(a + b + await(v(\"c\", 3)));",
            "    } catch (RuntimeException e) {",
            "      log(\"m1 caught \" + describe(e));",
            "      throw new FxUnchecked(\"m1 replaced \" + e.getClass().getSimpleName());",
            "    } finally {",
            "      log(\"m1 finally\");",
            "      try {",
            "        log(\"m1 calls m2 \" + await(m2(d - 1, oi(\"arg\", 7))));",
            "      } catch (RuntimeException e) {",
            "        log(\"m1 finally caught \" + describe(e));",
            "      }",
            "    }",
            "  }",
            "",
            "  @Async",
            "  static Future<Integer> m2(int d, int p) throws FxChecked {",
            "    log(\"m2 body \" + p);",
            "    return Future.ready(p + await(v(\"e\", 1)));",
            "  }",
            "}");

    private static final String CE = "java.util.concurrent.CancellationException(the @Async method was cancelled at this await)";

    /** The log when cancelled at {@code b#1}, worked out by hand from DESIGN.md §2. */
    private static final List<String> CANCELLED_AT_B = List.of(
            "m0 start", "open r1", "cancel b#1", "close r1", "m1 caught " + CE, "m1 finally", "arg",
            "m1 finally caught " + CE, "m0 caught " + CE, "cancel late#2", "m0 finally");

    private static Runner runner;
    private static Class<?> machine;
    private static Class<?> twin;

    @BeforeAll
    static void compile() throws Exception {
        runner = new Runner(10_000);
        machine = load(SOURCE, true);
        twin = load(Program.twinOf(SOURCE), false);
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static Class<?> load(String source, boolean processor) throws ClassNotFoundException {
        BatchCompiler.Batch b = BatchCompiler.compile(Map.of(CLASS, source), processor);
        assertTrue(b.errors.isEmpty(), () -> b.errors.toString());
        return b.loader.loadClass(CLASS);
    }

    /** A schedule (fail plan with failures off) whose future {@code k} completes with {@code behavior}. */
    private static Schedule where(int k, Fx.Behavior behavior) {
        return where(k, behavior, true);
    }

    /** As {@link #where(int, Fx.Behavior)}; also whether a cancel point there aborts from the completer thread. */
    private static Schedule where(int k, Fx.Behavior behavior, boolean fromCompleter) {
        for (long seed = 1; ; seed += 2) {
            Schedule s = Schedule.of(11, 0, seed);
            if (s.behaviorOf(k) == behavior && s.abortsFromCompleter(k) == fromCompleter) {
                return s;
            }
        }
    }

    @Test
    void machineCancelledAtASuspendedAwaitUnwindsLikeItsTwin() {
        Checker checker = new Checker(runner);
        // aborted in the poll after a wake on the same thread; in the poll, completed from the
        // completer thread; from the completer thread, before it completes the future
        Schedule[] schedules = {where(1, Fx.Behavior.SUSPEND_SAME_THREAD), where(1, Fx.Behavior.OTHER_THREAD, false),
            where(1, Fx.Behavior.OTHER_THREAD, true)};
        for (Schedule plain : schedules) {
            Schedule s = plain.cancellingFrom(1);
            boolean fromCompleter = s.behaviorOf(1) == Fx.Behavior.OTHER_THREAD && s.abortsFromCompleter(1);
            String b = s.behaviorOf(1) + (fromCompleter ? ", aborted from the completer thread" : ", aborted in the poll");
            Outcome expected = checker.twin(twin, s);
            assertEquals(new Outcome(Outcome.ABORTED, CANCELLED_AT_B, true), expected, "twin, " + b);
            for (Drive d : new Drive[] {Drive.LOCAL, Drive.WORK_STEALING}) {
                for (int i = 0; i < 20; i++) { // the completer thread's wake races with the abort
                    Outcome actual = runner.run(machine, s, d);
                    assertEquals(expected, actual, "machine on " + d + ", " + b);
                }
            }
        }
    }

    @Test
    void cancelPointNeverReachedComparesNormally() {
        Checker checker = new Checker(runner);
        Schedule plain = where(1, Fx.Behavior.OTHER_THREAD);
        Outcome uncancelled = checker.twin(twin, plain);
        assertEquals("returned 10", uncancelled.result());
        assertTrue(uncancelled.log().contains("m2 body 7"), uncancelled.log().toString());
        for (Schedule s : new Schedule[] {plain.cancellingFrom(100), Schedule.of(11, 0, 0).cancellingFrom(0)}) {
            // past the last future / every future ready at its first poll: no cancel point
            Outcome expected = checker.twin(twin, s);
            assertEquals(uncancelled, expected);
            for (Drive d : new Drive[] {Drive.LOCAL, Drive.WORK_STEALING}) {
                assertNull(checker.check(machine, expected, s, d), () -> s + " on " + d);
            }
        }
        assertEquals(4, checker.cancelRuns);
        assertEquals(0, checker.cancelledRuns);
    }

    @Test
    void wholePlanAgreesAndReallyCancels() {
        Checker checker = new Checker(runner);
        for (long seed = 1; seed <= 10; seed++) {
            assertNull(checker.check(machine, twin, seed));
        }
        assertEquals(10 * Checker.plan(1).size(), checker.machineRuns);
        assertTrue(checker.cancelledRuns > checker.cancelRuns / 2,
                checker.cancelledRuns + " of " + checker.cancelRuns + " cancel runs cancelled");
        assertTrue(checker.unwoundRuns > 0, "catch and finally ran while unwinding");
    }

    /** A twin that ignores the cancel point entirely: the machine's abort shows. */
    @Test
    void twinIgnoringTheCancelPointIsAMismatch() {
        Checker checker = new Checker(runner);
        Schedule s = where(1, Fx.Behavior.SUSPEND_SAME_THREAD).cancellingFrom(1);
        Outcome ignoring = checker.twin(twin, s.plainTwin());
        for (Drive d : new Drive[] {Drive.LOCAL, Drive.WORK_STEALING}) {
            Divergence dv = checker.check(machine, ignoring, s, d);
            assertNotNull(dv, d.toString());
            assertEquals("MISMATCH returned # -> threw java.util.concurrent.CancellationException in a cancel run",
                    dv.signature());
        }
    }

    /**
     * Twins without the body rules of {@code Program.twinOf} ({@code await} bound to
     * {@code SyncAwait}, but no {@code enter()}, no {@code leave()}, or neither): {@code m2}
     * starts after the cancel point, or {@code m1}'s catch throws its own exception to {@code m0}.
     * The checker must report each.
     */
    @Test
    void twinsMissingABodyRuleAreMismatches() throws Exception {
        String twinText = Program.twinOf(SOURCE);
        String enter = "dev.jawait.fuzzer.rt.SyncAwait.enter();";
        String leave = "dev.jawait.fuzzer.rt.SyncAwait.leave();";
        assertTrue(twinText.contains(enter) && twinText.contains(leave), twinText);
        Map<String, String> broken = Map.of(
                "no enter", twinText.replace(enter, ""),
                "no leave", twinText.replace(leave, ""),
                "neither", SOURCE.replace("import static dev.jawait.Await.await;",
                        "import static dev.jawait.fuzzer.rt.SyncAwait.await;"));
        Schedule s = where(1, Fx.Behavior.SUSPEND_SAME_THREAD).cancellingFrom(1);
        for (Map.Entry<String, String> e : broken.entrySet()) {
            Checker checker = new Checker(runner);
            Outcome expected = checker.twin(load(e.getValue(), false), s);
            assertTrue(expected.cancelled(), e.getKey());
            Divergence dv = checker.check(machine, expected, s, Drive.LOCAL);
            assertNotNull(dv, e.getKey() + ": " + expected);
            assertEquals("MISMATCH log in a cancel run", dv.signature(), e.getKey());
        }
    }
}
