package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pattern variable declared in a conditional expression's condition and read in one branch,
 * while the other branch awaits, or a later operand of the expression does: the lowering evaluates
 * the condition and each branch in statements of their own, so the variable is hoisted into the
 * machine (found by the fuzzer's pattern family, {@code OpenBindingLostInConditional} and
 * {@code BindingOfSpilledConditional}: it was left undeclared). Such conditionals also as
 * arguments of overloaded methods, where the processor must type the branches that read the
 * variable to tell a numeric conditional from a reference one (JLS 15.25).
 */
@Timeout(120)
class ConditionBindingTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "public class Cond {",
            "  static final class Box { final int f; Box(int f) { this.f = f; } }",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  @Async static Future<String> pick(Object o) {",
            "    int r = o instanceof Box b ? b.f + 9 : await(v(\"a\", 0));",
            "    String s = !(o instanceof String t) ? \"x\" + await(v(\"s\", 1)) : t + \"!\";",
            "    int q = o instanceof Box c && c.f > 1 ? c.f * await(v(\"q\", 2)) : -1;",
            // no await in it, but a later operand awaits: a String conditional is kept branch by branch
            "    String k = (o instanceof String u ? u + \"?\" : \"none\") + await(v(\"k\", \"!\"));",
            "    return Future.ready(r + \" \" + s + \" \" + q + \" \" + k);",
            "  }",
            // the same conditionals as arguments of overloaded methods, their branches reading the
            // pattern variable (until session 20 'which overload a branch calls' was unknown there)
            "  @Async static Future<String> overloaded(Object o) {",
            "    StringBuilder sb = new StringBuilder();",
            "    sb.append(o instanceof Integer a ? a + await(v(\"a\", 1)) : 0).append(' ');",
            "    sb.append(o instanceof String c ? c.length() + await(v(\"c\", 1)) : 7).append(' ');",
            "    sb.append(String.valueOf(o instanceof Box b ? b.f + await(v(\"b\", 1)) : 1.5)).append(' ');",
            "    sb.append(!(o instanceof Box d) ? 'n' : (char) ('a' + d.f + await(v(\"d\", 0))));",
            "    return Future.ready(sb.toString());",
            "  }",
            "  static Object box() { return pick(new Box(3)); }",
            "  static Object string() { return pick(\"str\"); }",
            "  static Object other() { return pick(42); }",
            "  static Object overloadedBox() { return overloaded(new Box(3)); }",
            "  static Object overloadedString() { return overloaded(\"str\"); }",
            "  static Object overloadedInteger() { return overloaded(42); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"box", "string", "other", "overloadedBox", "overloadedString", "overloadedInteger"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertSameAsSync("demo.Cond", SOURCE, entry);
    }
}
