package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.processor.testing.CompileAndRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Private fields that the machine reaches through handles (DESIGN §3.5), of this object or of
 * another one ({@code other.count}): compound assignments with an await in Java's order (the
 * object evaluated once, before the await; the field read before the right-hand side, JLS
 * 15.26.2; a null object failing before the await), the implicit narrowing of {@code byte},
 * {@code short} and {@code char}, {@code String +=}; and plain reads, writes and increments of
 * another object's private field — against the synchronous twin.
 */
@Timeout(120)
class HandleCompoundTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "public class Counter {",
            "  private int count;",
            "  private byte b = 1;",
            "  private short sh = 2;",
            "  private char ch = 'a';",
            "  private String s = \"s\";",
            "  private long total;",
            "  private static int shared = 5;",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            /* a method named like a private field: 'other.count()' calls it, with no handle */
            "  int count() { log(\"count()\"); return count; }",
            "  static Counter pick(Counter c, String name) { log(\"pick \" + name); return c; }",
            /* the awaited future's creation changes the field: the old value must win */
            "  static Future<Integer> bump(Counter c) { c.count = 1000; return v(\"bump\", 1); }",
            "  String state() { return count + \",\" + b + \",\" + sh + \",\" + ch + \",\" + s + \",\" + total; }",
            "  @Async static Future<String> others() {",
            "    Counter other = new Counter();",
            "    other.count = 10;",
            "    other.count += await(bump(other));",
            "    pick(other, \"p\").count *= await(v(\"mul\", 3));",
            "    other.b += await(v(\"b\", 300));",
            "    other.sh -= await(v(\"sh\", 70000));",
            "    other.ch += await(v(\"ch\", 2));",
            "    other.s += await(v(\"s\", 42));",
            "    other.s += await(v(\"null\", (Object) null));",
            "    other.total += await(v(\"t\", 1)) + other.count;",
            "    other.count++;",
            "    --other.count;",
            "    other.count -= 2;",
            "    int read = other.count() + await(v(\"r\", 0));",
            "    return Future.ready(read + \";\" + other.state());",
            "  }",
            "  @Async Future<String> own() {",
            "    count = 1;",
            "    shared = 5;",
            "    count += await(bump(this));",
            "    this.count <<= await(v(\"shift\", 2));",
            "    this.b *= await(v(\"b\", 200));",
            "    s += await(v(\"s\", 'c'));",
            "    shared += await(v(\"shared\", 1));",
            "    return Future.ready(state() + \",\" + shared);",
            "  }",
            "  static Object ownFields() { return new Counter().own(); }",
            "  @Async static Future<String> nullObject() {",
            "    Counter none = null;",
            "    try {",
            "      pick(none, \"n\").count += await(v(\"never\", 1));",
            "    } catch (NullPointerException e) {",
            "      log(\"npe\");",
            "    }",
            "    Counter[] cs = {new Counter(), null};",
            "    String out = \"\";",
            "    for (Counter c : cs) {",
            "      try {",
            "        c.s += await(v(\"loop\", \"!\"));",
            "        out += c.s;",
            "      } catch (NullPointerException e) {",
            "        out += \"npe\";",
            "      }",
            "    }",
            "    return Future.ready(out);",
            "  }",
            "  static final class Box {",
            "    private int n;",
            "  }",
            "  @Async static Future<Integer> nestedClassField() {",
            "    Box box = new Box();",
            "    box.n += await(v(\"n\", 4));",
            "    box.n++;",
            "    box.n = box.n * await(v(\"m\", 3));",
            // locals that live between two awaits only (not machine fields)
            "    {",
            "      Box local = new Box();",
            "      local.n = box.n;",
            "      local.n++;",
            "      Counter c = new Counter();",
            "      c.count = local.n;",
            "      c.count *= 2;",
            "      log(\"local \" + c.count);",
            "    }",
            "    return Future.ready(box.n + await(v(\"end\", 0)));",
            "  }",
            // a local class's private field: the machine declares the class, so no handle
            "  @Async static Future<Integer> localClassField() {",
            "    class Acc { private int sum; }",
            "    Acc acc = new Acc();",
            "    acc.sum += await(v(\"a\", 5));",
            "    acc.sum++;",
            "    return Future.ready(acc.sum * await(v(\"b\", 2)));",
            "  }",
            // a local class's field named like a field of the user's class: its own type decides
            "  static Counter shadowed = new Counter();",
            "  static final class Plain { int count = 7; }",
            "  @Async static Future<Integer> localClassShadows() {",
            "    class Holder { Plain shadowed = new Plain(); int get() { return shadowed.count; } }",
            "    Holder h = new Holder();",
            "    int a = await(v(\"a\", 1));",
            "    return Future.ready(h.get() + a);",
            "  }",
            "}");

    private static CompileAndRun.Outcome same(String entry) {
        return CompileAndRun.assertReturnsSameAsSync("demo.Counter", SOURCE, entry);
    }

    @Test
    void compoundAssignmentsToAnotherObjectsPrivateFields() {
        CompileAndRun.Outcome o = same("others");
        assertEquals("31;31,45,-4462,c,s42null,34", o.value);
        assertEquals(List.of("bump", "pick p", "mul", "b", "sh", "ch", "s", "null", "t", "count()", "r"), o.log);
    }

    @Test
    void compoundAssignmentsToOwnPrivateFields() {
        assertEquals("8,-56,2,a,sc,0,6", same("ownFields").value);
    }

    @Test
    void aNullObjectFailsBeforeTheAwait() {
        CompileAndRun.Outcome o = same("nullObject");
        assertEquals("s!npe", o.value);
        assertEquals(List.of("pick n", "npe", "loop"), o.log);
    }

    @Test
    void privateFieldOfANestedClass() {
        CompileAndRun.Outcome o = same("nestedClassField");
        assertEquals(15, o.value);
        assertEquals(List.of("n", "m", "local 32", "end"), o.log);
    }

    @Test
    void privateFieldOfALocalClass() {
        assertEquals(12, same("localClassField").value);
        assertEquals(8, same("localClassShadows").value);
    }
}
