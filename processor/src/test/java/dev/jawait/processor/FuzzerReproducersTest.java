package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The differential fuzzer's shrunk reproducers ({@code fuzzer/src/test/resources/regressions}),
 * each as an entry point named after it, against the sync twin.
 */
@Timeout(120)
class FuzzerReproducersTest {
    static final String SOURCE = String.join("\n",
            "package fz;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.processor.testing.Fx.log;",
            "import static dev.jawait.processor.testing.FuzzRt.*;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.FuzzRt.*;",
            "import java.util.*;",
            "public class Repro {",
            "  static String ss = \"s\";",
            "",
            "  // R1000366: a static field as the left operand of '+' before an await on its right.",
            "  @Async static Future<Integer> r1000366(int d, int p) throws FxChecked {",
            "    step();",
            "    log(\"L22\" + (ss + (false || await(v(\"a24\", false)))));",
            "    return Future.ready(0);",
            "  }",
            "  static Object R1000366() throws Exception { return r1000366(2, 1); }",
            "",
            "  // R1000374: 'break L' out of a labelled for-each whose iterable awaits.",
            "  @Async static Future<Boolean> r1000374(int d, int p) throws FxChecked {",
            "    step();",
            "    L184: for (Integer e185 : List.of(await(v(\"a186\", -1)), -1)) {",
            "      step();",
            "      log(\"e\" + e185);",
            "      break L184;",
            "    }",
            "    return Future.ready(false);",
            "  }",
            "  static Object R1000374() throws Exception { return r1000374(2, 1); }",
            "",
            "  // R2000059: 'continue L' in a labelled for-each whose iterable awaits.",
            "  @Async static Future<Long> r2000059(int d, int p) throws FxChecked {",
            "    step();",
            "    L46: for (Integer e47 : List.of(0, await(v(\"a48\", 2)))) {",
            "      step();",
            "      log(\"e\" + e47);",
            "      continue L46;",
            "    }",
            "    int w80 = 0;",
            "    return Future.ready(19L);",
            "  }",
            "  static Object R2000059() throws Exception { return r2000059(2, 1); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"R1000366", "R1000374", "R2000059"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertSameAsSync("fz.Repro", SOURCE, entry);
    }
}
