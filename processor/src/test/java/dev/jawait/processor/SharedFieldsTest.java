package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.processor.testing.CompileAndRun;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parameters and hoisted locals whose lives cannot overlap share one machine field
 * ({@link SharedFields}); those that may be live together, have different types, or are named in
 * a lambda or class body keep a field each. Every method runs like its synchronous twin in every
 * mode of {@code Fx}, so two variables sharing a field while both are live would compute
 * something else.
 */
@Timeout(120)
class SharedFieldsTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "import java.util.function.IntSupplier;",
            "public class Shared {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            // skynet's shape: the parameter is dead once the children are made, then the sum lives
            "  @Async static Future<Long> paramThenLocal(long num, int size) {",
            "    long[] parts = new long[3];",
            "    for (int i = 0; i < 3; i++) parts[i] = num + (long) i * size;",
            "    long sum = 0;",
            "    for (int k = 0; k < 3; k++) sum += await(v(\"p\" + k, parts[k]));",
            "    return Future.ready(sum);",
            "  }",
            "  static Object paramThenLocalEntry() { return paramThenLocal(7, 10); }",
            // three in turn, in a loop's body: each run of the body declares them afresh
            "  @Async static Future<Integer> threeInTurn(int rounds) {",
            "    int total = 0;",
            "    for (int r = 0; r < rounds; r++) {",
            "      int a = await(v(\"a\" + r, r + 1));",
            "      total += a;",
            "      int b = await(v(\"b\" + r, 10 * r));",
            "      total += await(v(\"b2\" + r, 1)) + b;", // read after an await: a field
            "      int c = await(v(\"c\" + r, 100));",
            "      total += await(v(\"c2\" + r, 2)) + c * a;", // a is still live here: c cannot take a's field
            "    }",
            "    return Future.ready(total);",
            "  }",
            "  static Object threeInTurnEntry() { return threeInTurn(4); }",
            // references: the first is dead before the second; the field is cleared once at the end
            // (each is read by an await's operand, so neither is a local of one state)
            "  @Async static Future<String> references() {",
            "    String first = \"x\" + await(v(\"f\", 1));",
            "    log(await(v(\"l\", first)));",
            "    String second = \"y\" + await(v(\"s\", 2));",
            "    log(second);",
            "    return Future.ready(await(v(\"t\", second + \"!\")));",
            "  }",
            // both live at once: the parameter is read after the local's declaration
            "  @Async static Future<Long> overlapping(long num) {",
            "    long sum = await(v(\"a\", 1L));",
            "    sum += await(v(\"b\", 2L)) + num;",
            "    return Future.ready(sum);",
            "  }",
            "  static Object overlappingEntry() { return overlapping(100); }",
            // the later one is declared before the earlier one's last use, in the same statement
            "  @Async static Future<Integer> declaredInsideTheLastUse(int seed) {",
            "    int out = 0;",
            "    for (int i = await(v(\"i\", 0)); i < 3; i++) out += await(v(\"o\" + i, i)) * seed;",
            "    return Future.ready(out);",
            "  }",
            "  static Object declaredInsideTheLastUseEntry() { return declaredInsideTheLastUse(5); }",
            // a lambda made before the second local captures the first: each keeps its field
            "  @Async static Future<Integer> capturedByLambda() {",
            "    int a = await(v(\"a\", 3));",
            "    log(\"a \" + await(v(\"a2\", a)));",
            "    IntSupplier s = () -> a * 2;",
            "    int b = await(v(\"b\", 4));",
            "    return Future.ready(await(v(\"b2\", b)) + s.getAsInt());",
            "  }",
            // different types never share
            "  @Async static Future<Long> differentTypes() {",
            "    int small = await(v(\"s\", 3));",
            "    log(\"small \" + await(v(\"s2\", small)));",
            "    long big = await(v(\"b\", 4L));",
            "    return Future.ready(await(v(\"b2\", big)));",
            "  }",
            // a catch parameter takes the field of a local dead before its try
            "  @Async static Future<String> catchParameter() {",
            "    IllegalStateException early = new IllegalStateException(\"early\");",
            "    log(early.getMessage() + await(v(\"e\", 1)));",
            "    try {",
            "      await(Fx.<String>fail(new IllegalStateException(\"late\")));",
            "      return Future.ready(\"no\");",
            "    } catch (IllegalStateException e) {",
            "      await(v(\"c\", 2));",
            "      return Future.ready(e.getMessage());",
            "    }",
            "  }",
            // parameters named like the machine's own members: each field is renamed, and its
            // parameter reads that field, not the machine's state (until session 18, `state`
            // read the machine's state number and `self` did not compile)
            "  @Async static Future<Integer> reservedNames(int state, int self, int result) {",
            "    int a = await(v(\"a\", state));",
            "    return Future.ready(a + state * 100 + self * 10 + result);",
            "  }",
            "  static Object reservedNamesEntry() { return reservedNames(4, 5, 6); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"paramThenLocalEntry", "threeInTurnEntry", "references", "overlappingEntry",
            "declaredInsideTheLastUseEntry", "capturedByLambda", "differentTypes", "catchParameter",
            "reservedNamesEntry"})
    void runsLikeItsSynchronousTwin(String entry) {
        CompileAndRun.assertReturnsSameAsSync("demo.Shared", SOURCE, entry);
    }

    @Test
    void variablesShareAFieldExactlyWhenTheirLivesCannotOverlap() throws Exception {
        ClassLoader loader = CompileAndRun.load(CompileAndRun.compile("demo.Shared", SOURCE));
        assertEquals(Set.of("num$sum", "size$k", "parts"), fields(loader, "paramThenLocal"));
        assertEquals(Set.of("rounds", "total", "r", "a", "b$c"), fields(loader, "threeInTurn"));
        assertEquals(Set.of("first$second"), fields(loader, "references"));
        assertEquals(Set.of("num", "sum"), fields(loader, "overlapping"));
        assertEquals(Set.of("seed", "out", "i"), fields(loader, "declaredInsideTheLastUse"));
        assertEquals(Set.of("a", "s", "b"), fields(loader, "capturedByLambda"));
        assertEquals(Set.of("small", "big"), fields(loader, "differentTypes"));
        assertEquals(Set.of("early$e", "caught"), fields(loader, "catchParameter")); // caught: the routed failure
    }

    private static Set<String> fields(ClassLoader loader, String method) throws ClassNotFoundException {
        return CompileAndRun.variableFields(loader, "demo.Shared_" + method + "_Async");
    }
}
