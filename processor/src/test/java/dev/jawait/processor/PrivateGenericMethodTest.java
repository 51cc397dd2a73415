package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Private generic methods of the user's class (static and instance, with their own type
 * variables, and one returning the class's {@code T}), called through handles before and after
 * awaits and with an await in an argument: the result types are the source's, against the
 * synchronous twin. The calls go through generic static methods of the machine, so that javac
 * infers each call's type (a wildcard argument's capture too) as it does for the source.
 */
@Timeout(120)
class PrivateGenericMethodTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "public class Gen<T> {",
            "  private final T seed;",
            "  Gen(T seed) { this.seed = seed; }",
            "  static <V> Future<V> v(String name, V value) { return Fx.value(name, value); }",
            "  private static <E> E first(java.util.List<E> xs) { return xs.get(0); }",
            "  private <E> java.util.List<E> pair(E e) { return java.util.List.of(e, e); }",
            "  private T seed() { return seed; }",
            "  @Async Future<String> call() {",
            "    String s = first(java.util.List.of(\"a\", \"b\"));",
            "    await(v(\"x\", 1));",
            "    String t = first(java.util.List.of(await(v(\"y\", \"c\"))));",
            "    java.util.List<Integer> p = pair(await(v(\"z\", 3)));",
            "    T mine = seed();",
            "    return Future.ready(s + t + p + mine);",
            "  }",
            "  static Object called() { return new Gen<>(\"q\").call(); }",
            "  @Async static <U extends Comparable<U>> Future<String> echo(U u, java.util.List<? extends U> more) {",
            "    U x = first(java.util.List.of(u));",
            "    await(v(\"e\", 0));",
            "    U y = first(more);",
            "    return Future.ready(x + \"/\" + await(v(\"f\", y)) + \"/\" + x.compareTo(y));",
            "  }",
            "  static Object echoed() { return echo(5, java.util.List.of(7, 8)); }",
            "}");

    @Test
    void privateGenericMethods() {
        CompileAndRun.Outcome o = CompileAndRun.assertReturnsSameAsSync("demo.Gen", SOURCE, "called");
        assertEquals("ac[3, 3]q", o.value);
        assertEquals(java.util.List.of("x", "y", "z"), o.log);
    }

    @Test
    void privateGenericMethodInAGenericAsyncMethod() {
        CompileAndRun.Outcome o = CompileAndRun.assertReturnsSameAsSync("demo.Gen", SOURCE, "echoed");
        assertEquals("5/7/-1", o.value);
    }
}
