package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Constructs the processor once rejected (issue #3): a switch expression after a spilled operand,
 * operands whose type only javac can tell, and conditionals choosing lambdas or method references
 * around an await — each against the synchronous twin in every schedule.
 */
@Timeout(120)
class ConstructGapsTest {
    static final String SOURCE = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.processor.testing.Fx.log;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.Fx;",
            "import java.util.function.IntUnaryOperator;",
            "import java.util.function.Supplier;",
            "public class Gaps {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static int a() { log(\"a\"); return 5; }",
            "  static int counter = 0;",
            "  static int bump() { return ++counter; }",
            // 2. a switch expression with an await after a spilled operand
            "  @Async static Future<String> switchAfterSpilledOperand() {",
            "    String out = \"\";",
            "    for (int k = 0; k < 3; k++) {",
            "      int r = a() + switch (k) { case 1 -> await(v(\"one\", 10)); default -> 0; };",
            "      out += r + \",\";",
            "    }",
            "    counter = 0;",
            "    int s = bump() * 100 + switch (bump()) {",
            "      case 2 -> { int t = bump() + await(v(\"two\", 1)); log(\"t\" + t); yield t * bump(); }",
            "      default -> -1;",
            "    } + bump();",
            "    String w = log(\"w\", \"w\") + switch (s) { case 0 -> \"zero\"; default -> { String u = await(v(\"u\", \"U\")) + s; yield u; } };",
            "    return Future.ready(out + s + w);",
            "  }",
            "  @Async static Future<String> nestedSwitchAfterSpill() {",
            "    int k = 1;",
            "    String r = a() + \":\" + switch (k) {",
            "      case 1 -> a() + switch (await(v(\"sel\", 2))) { case 2 -> await(v(\"in\", \"x\")); default -> \"y\"; };",
            "      default -> \"none\";",
            "    } + a();",
            "    return Future.ready(r);",
            "  }",
            // 3. operands whose static type the processor cannot tell
            "  static Object obj() { return new StringBuilder(\"sb\"); }",
            "  static <T> T generic(T t) { log(\"generic \" + t); return t; }",
            "  static int over(int x) { return x; }",
            "  static String over(String x) { return x; }",
            "  static StringBuilder sb;",
            "  static Future<String> mutate() { sb.append(\"!\"); return v(\"mutate\", \"m\"); }",
            "  @Async static Future<String> concatUnknownLeft() {",
            "    sb = new StringBuilder(\"s\");",
            "    String a = generic(sb) + await(mutate());",
            "    String b = generic(obj()) + await(v(\"b\", \"B\"));",
            "    int c = generic(3) + await(v(\"c\", 4));",
            "    String d = generic(3) + await(v(\"d\", \"D\"));",
            "    String e = over(\"o\") + await(v(\"e\", 1));",
            "    int f = over(7) + await(v(\"f\", 1));",
            "    char ch = 'x';",
            "    int g = generic(ch) + await(v(\"g\", 1));",
            "    String h = generic('y') + await(v(\"h\", \"H\"));",
            "    String i = null + await(v(\"i\", \"I\"));",
            // poly left operands (a conditional over a generic call): found by the fuzzer, seed 7000029
            "    int k = await(v(\"k\", 1));",
            "    long j = (k > 0 ? generic(5L) : 17L) + await(v(\"j\", 1));",
            "    String m = (k > 0 ? generic(sb) : sb) + await(mutate());",
            "    return Future.ready(a + b + c + d + e + f + g + h + i + j + m);",
            "  }",
            "  static byte[] bytes;",
            "  static short[] shorts;",
            "  static String[] strings;",
            "  static <T> T id(T t) { log(\"id\"); return t; }",
            "  static int[] ints(int[] x) { return x; }",
            "  static long[] ints(long[] x) { return x; }",
            "  static int[] INTS;",
            "  static Future<Integer> changeBytes() { bytes[0] = 100; return v(\"changeBytes\", 200); }",
            "  @Async static Future<String> compoundUnknownTarget() {",
            "    bytes = new byte[] {1, 2, 3}; shorts = new short[] {1000}; strings = new String[] {\"s\"}; INTS = new int[] {7, 8};",
            "    id(bytes)[0] += await(changeBytes());",
            "    byte r1 = (id(bytes)[1] *= await(v(\"mul\", 100)));",
            "    id(shorts)[0] -= await(v(\"sub\", 70000));",
            "    id(strings)[0] += await(v(\"str\", 42));",
            "    ints(INTS)[1] <<= await(v(\"shift\", 2));",
            "    String out = \"\";",
            "    for (int i = 0; i < 2; i++) { out += (ints(INTS)[i] += await(v(\"loop\", i))) + \",\"; }",
            "    int[] none = null;",
            "    try { id(none)[0] += await(v(\"npe\", 1)); } catch (NullPointerException x) { out += \"npe,\"; }",
            "    try { id(INTS)[5] += await(v(\"oob\", 1)); } catch (ArrayIndexOutOfBoundsException x) { out += \"oob,\"; }",
            "    return Future.ready(out + bytes[0] + \",\" + bytes[1] + \",\" + r1 + \",\" + shorts[0] + \",\" + strings[0]",
            "        + \",\" + INTS[0] + \",\" + INTS[1]);",
            "  }",
            // 5. lambdas and method references in a conditional around an await
            "  static int twice(int x) { return 2 * x; }",
            "  @Async static Future<Integer> conditionalLambdas() {",
            "    int base = await(v(\"base\", 3));",
            "    int sum = 0;",
            "    for (int i = 0; i < 3; i++) {",
            "      int k = i;",
            "      IntUnaryOperator op = await(v(\"c\", i % 2 == 0)) ? x -> x + base + k : x -> x * base - k;",
            "      IntUnaryOperator ref = i == 1 ? Gaps::twice : await(v(\"r\", (IntUnaryOperator) y -> y + 100));",
            "      Supplier<String> s = i == 2 ? () -> \"two\" + k : await(v(\"s\", (Supplier<String>) () -> \"other\"));",
            "      IntUnaryOperator both = (await(v(\"b\", i)) > 0 ? (IntUnaryOperator) Gaps::twice : z -> z - base);",
            "      sum += op.applyAsInt(10) + ref.applyAsInt(i) + s.get().length() + both.applyAsInt(5);",
            "      log(\"sum \" + sum);",
            "    }",
            "    return Future.ready(sum);",
            "  }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"switchAfterSpilledOperand", "nestedSwitchAfterSpill", "concatUnknownLeft",
            "compoundUnknownTarget", "conditionalLambdas"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertSameAsSync("demo.Gaps", SOURCE, entry);
    }
}
