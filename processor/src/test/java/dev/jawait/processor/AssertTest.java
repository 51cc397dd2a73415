package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code assert} in an {@code @Async} method (JLS 14.10), with awaits in its condition and detail
 * and without: enabled by the assertion status of the user's class, never the machine's (the
 * loader enables assertions for the user's class alone, or for every class but it); the condition
 * and detail evaluated only when enabled, the detail only when the condition is false, and the
 * {@code AssertionError} built with the constructor javac picks for the detail's type.
 */
@Timeout(120)
class AssertTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "public class Asserts {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static boolean check(String name, boolean b) { log(name); return b; }",
            "  static String describe(AssertionError e) { return \"AE(\" + e.getMessage() + \", cause \" + e.getCause() + \")\"; }",
            "  @Async static Future<String> passing() {",
            "    int x = await(v(\"x\", 1));",
            "    assert await(v(\"c1\", x > 0)) : await(v(\"never\", \"d\"));",
            "    assert check(\"c2\", x == 1) && await(v(\"c3\", true));",
            "    assert check(\"c4\", true) : \"d\" + await(v(\"never2\", x));",
            "    return Future.ready(\"passed \" + x);",
            "  }",
            "  @Async static Future<String> stringDetail() {",
            "    int x = await(v(\"x\", 2));",
            "    assert await(v(\"c\", x < 0)) : \"x=\" + x + \" \" + await(v(\"d\", 7));",
            "    return Future.ready(\"disabled\");",
            "  }",
            "  @Async static Future<String> noDetail() {",
            "    assert check(\"a\", true) && await(v(\"c\", false));",
            "    return Future.ready(\"disabled\");",
            "  }",
            "  @Async static Future<String> detailTypes() {",
            "    String out = \"\";",
            "    try { assert check(\"c1\", false) : (char) (int) await(v(\"char\", 65)); } catch (AssertionError e) { out += describe(e); }",
            "    try { assert check(\"c2\", false) : await(v(\"int\", 65)) + 1; } catch (AssertionError e) { out += describe(e); }",
            "    try { assert check(\"c3\", false) : await(v(\"long\", 5L)); } catch (AssertionError e) { out += describe(e); }",
            "    try { assert check(\"c4\", false) : (double) await(v(\"double\", 2)); } catch (AssertionError e) { out += describe(e); }",
            "    try { assert check(\"c5\", false) : await(v(\"cause\", new IllegalStateException(\"why\"))); }",
            "    catch (AssertionError e) { out += describe(e); }",
            "    try { assert check(\"c6\", false) : await(v(\"bool\", true)) && check(\"b\", false); } catch (AssertionError e) { out += describe(e); }",
            "    return Future.ready(out);",
            "  }",
            "  @Async static Future<String> inLoopAndFinally() {",
            "    String out = \"\";",
            "    for (int i = 0; i < 3; i++) {",
            "      try {",
            "        assert await(v(\"c\" + i, i < 2)) : \"i=\" + await(v(\"d\" + i, i));",
            "        out += i;",
            "      } finally {",
            "        log(\"finally \" + i);",
            "      }",
            "    }",
            "    return Future.ready(out);",
            "  }",
            "  @Async static Future<String> plainAsserts() {",
            "    int x = await(v(\"x\", 3));",
            "    assert check(\"plain\", x > 5) || x == 3 : \"unreachable\";",
            "    Runnable r = () -> { assert check(\"lambda\", x < 0) : \"lambda \" + x; };",
            "    try { r.run(); } catch (AssertionError e) { log(describe(e)); }",
            "    class Local { void run() { assert check(\"local\", x < 0) : x; } }",
            "    try { new Local().run(); } catch (AssertionError e) { log(describe(e)); }",
            "    await(v(\"y\", 0));",
            "    assert check(\"plain2\", x > 5) : \"plain \" + x;",
            "    return Future.ready(\"disabled\");",
            "  }",
            "}");

    static Stream<Arguments> cases() {
        return Stream.of("passing", "stringDetail", "noDetail", "detailTypes", "inLoopAndFinally", "plainAsserts")
                .flatMap(entry -> Stream.of(Arguments.of(entry, true), Arguments.of(entry, false)));
    }

    @ParameterizedTest(name = "{0}, assertions {1}")
    @MethodSource("cases")
    void sameAsSynchronous(String entry, boolean assertions) {
        CompileAndRun.assertSameAsSync("demo.Asserts", SOURCE, entry, assertions);
    }
}
