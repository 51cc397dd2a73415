package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.processor.testing.CompileAndRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Updates of another object's private field (reached through a handle) where the object is
 * more than a plain name ({@code make().count++}: evaluated once), and updates whose value is
 * used ({@code use(other.count++)}, {@code x = (other.count += await(f))}): Java's order (JLS
 * 15.26, 15.14, 15.15), values, implicit narrowing and {@code String +=} — against the
 * synchronous twin.
 */
@Timeout(120)
class HandleUpdateTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "import java.util.function.IntSupplier;",
            "public class Counter {",
            "  private int count;",
            "  private byte b = 1;",
            "  private char ch = 'a';",
            "  private String s = \"s\";",
            "  private Integer boxed = 10;",
            "  private long total;",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static Counter pick(Counter c, String name) { log(\"pick \" + name); return c; }",
            "  static int arg(String name, int value) { log(name); return value; }",
            /* the right-hand side changes the field: the value read before it must win */
            "  static int bumpNow(Counter c) { c.count = 1000; log(\"bump\"); return 1; }",
            "  static Future<Integer> bump(Counter c) { c.count = 2000; return v(\"bump\", 1); }",
            "  static Future<Counter> later(Counter c) { return v(\"awaited\", c); }",
            "  static String use(int x) { return \"int\" + x; }",
            "  static String use(long x) { return \"long\" + x; }",
            "  static String use(Object x) { return \"object\" + x; }",
            "  String state() { return count + \",\" + b + \",\" + ch + \",\" + s + \",\" + boxed + \",\" + total; }",
            // the object is not a plain name: evaluated once, without an await in the update
            // the narrowing is meant (javac 20+ warns): the machine must not warn of it either
            "  @SuppressWarnings(\"lossy-conversions\")",
            "  @Async static Future<String> objectOnce() {",
            "    Counter c = new Counter();",
            "    Counter[] cs = {c};",
            "    int i = 0;",
            "    pick(c, \"post\").count++;",
            "    ++pick(c, \"pre\").count;",
            "    pick(c, \"dec\").count--;",
            "    pick(c, \"add\").count += arg(\"rhs\", 5);",
            "    pick(c, \"read first\").count += bumpNow(c);",
            "    pick(c, \"b\").b += arg(\"b\", 300);",
            "    pick(c, \"ch\").ch += arg(\"ch\", 2);",
            "    pick(c, \"s\").s += arg(\"s\", 7);",
            "    pick(c, \"boxed\").boxed++;",
            "    cs[i++].count *= 3;",
            "    await(v(\"a\", 0));",
            "    pick(c, \"after\").count++;",
            "    if (c.count > 0) pick(c, \"if\").total += 2;",
            "    for (int k = 0; k < 2; k++) pick(c, \"loop\").total++;",
            "    for (int k = 0; k < 2; k++, c.total++) { log(\"k\" + k); }",
            "    switch (c.count) { default -> pick(c, \"case\").total--; }",
            "    Runnable r = () -> { pick(c, \"lambda\").total += 10; };",
            "    r.run();",
            "    switch (await(v(\"sel\", 1))) { case 1 -> pick(c, \"rule\").total += 3; default -> c.count++; }",
            "    (await(later(c))).count++;",
            "    return Future.ready(c.state() + \";\" + i);",
            "  }",
            // a null object fails when the field is read, before the right-hand side
            "  @Async static Future<String> nullObject() {",
            "    String out = \"\";",
            "    try {",
            "      pick(null, \"n\").count += arg(\"never\", 1);",
            "    } catch (NullPointerException e) {",
            "      out += \"npe1 \";",
            "    }",
            "    try {",
            "      pick(null, \"m\").count = arg(\"rhs first\", 1);",
            "    } catch (NullPointerException e) {",
            "      out += \"npe2 \";",
            "    }",
            "    try {",
            "      out += use(pick(null, \"v\").count++);",
            "    } catch (NullPointerException e) {",
            "      out += \"npe3\";",
            "    }",
            "    return Future.ready(out + await(v(\"end\", \"\")));",
            "  }",
            // the value of the update is used
            // the narrowing is meant (javac 20+ warns): the machine must not warn of it either
            "  @SuppressWarnings(\"lossy-conversions\")",
            "  @Async static Future<String> asValues() {",
            "    Counter c = new Counter();",
            "    c.count = 5;",
            "    int post = c.count++;",
            "    int pre = ++c.count;",
            "    int dec = pick(c, \"d\").count--;",
            "    int sum = (c.count += await(v(\"a\", 4)));",
            "    int sum2 = (pick(c, \"p\").count += await(bump(c)));",
            "    byte nb = (c.b += 300);",
            "    char nc = (c.ch += 1);",
            "    String ns = (c.s += await(v(\"s\", 1)));",
            "    String types = use(c.total++) + \" \" + use(++c.total) + \" \" + use(c.count--) + \" \" + use(c.boxed++);",
            "    String spilled = use(c.count++) + await(v(\"t\", \"!\"));",
            "    int assigned = (pick(c, \"as\").count = arg(\"rhs\", 40));",
            "    String concat = \"\" + c.count++ + (c.s += \"x\") + (c.total -= 1);",
            "    int loops = 0;",
            "    while (c.count-- > 37) { loops++; }",
            "    IntSupplier next = () -> { return pick(c, \"lambda\").count++; };",
            "    int fromLambda = next.getAsInt();",
            "    int sw = switch (c.count) { case 0 -> 0; default -> pick(c, \"sw\").count++; };",
            "    return Future.ready(post + \",\" + pre + \",\" + dec + \",\" + sum + \",\" + sum2 + \",\" + nb + \",\" + nc",
            "        + \",\" + ns + \";\" + types + \";\" + spilled + \";\" + assigned + \";\" + concat + \";\" + loops",
            "        + \",\" + fromLambda + \",\" + sw + \";\" + c.state() + await(v(\"end\", \"\")));",
            "  }",
            "}");

    private static CompileAndRun.Outcome same(String entry) {
        return CompileAndRun.assertReturnsSameAsSync("demo.Counter", SOURCE, entry);
    }

    @Test
    void anObjectThatIsNotAPlainNameIsEvaluatedOnce() {
        CompileAndRun.Outcome o = same("objectOnce");
        assertEquals("23,45,c,s7,11,18;1", o.value);
        assertEquals(List.of("pick post", "pick pre", "pick dec", "pick add", "rhs", "pick read first", "bump",
                "pick b", "b", "pick ch", "ch", "pick s", "s", "pick boxed", "a", "pick after", "pick if",
                "pick loop", "pick loop", "k0", "k1", "pick case", "pick lambda", "sel", "pick rule", "awaited"), o.log);
    }

    @Test
    void aNullObjectFailsWhereJavaFails() {
        CompileAndRun.Outcome o = same("nullObject");
        assertEquals("npe1 npe2 npe3", o.value);
        assertEquals(List.of("pick n", "pick m", "rhs first", "pick v", "end"), o.log);
    }

    @Test
    void theValueOfAnUpdateIsJavas() {
        CompileAndRun.Outcome o = same("asValues");
        assertEquals("5,7,7,10,11,45,b,s1;long0 long2 int11 object10;int10!;40;40s1x1;4,36,37;"
                + "38,45,b,s1x,11,1", o.value);
        assertEquals(List.of("pick d", "a", "pick p", "bump", "s", "t", "pick as", "rhs", "pick lambda", "pick sw", "end"), o.log);
    }
}
