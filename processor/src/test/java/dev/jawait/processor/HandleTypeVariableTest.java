package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.processor.testing.CompileAndRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Private fields whose type is a type variable of their class ({@code private T value} of
 * {@code Box<T>}), reached through handles: read with the type the source gives them, which
 * depends on the object ({@code other.value} is a {@code String} for a {@code Box<String>}),
 * also where the machine does not declare the variable (a static method, a nested class's
 * field) — against the synchronous twin.
 */
@Timeout(120)
class HandleTypeVariableTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "public class Box<T> {",
            "  private T value;",
            "  private java.util.List<T> items = new java.util.ArrayList<>();",
            "  Box(T value) { this.value = value; }",
            "  static <V> Future<V> v(String name, V value) { return Fx.value(name, value); }",
            // an instance method: the machine mirrors the class's T
            "  @Async Future<String> swap(Box<T> other) {",
            "    T mine = value;",
            "    T theirs = other.value;",
            "    await(v(\"a\", 1));",
            "    other.value = mine;",
            "    this.value = theirs;",
            "    other.items.add(await(v(\"b\", theirs)));",
            "    items.add(other.value);",
            "    return Future.ready(value + \",\" + other.value + \",\" + items + other.items);",
            "  }",
            "  static Object swapped() { return new Box<>(\"x\").swap(new Box<>(\"y\")); }",
            // a static generic method: the machine has U, not T
            "  @Async static <U> Future<String> take(Box<U> b, U replacement) {",
            "    U old = b.value;",
            "    await(v(\"t\", 0));",
            "    b.value = replacement;",
            "    return Future.ready(await(v(\"old\", old)) + \">\" + b.value);",
            "  }",
            "  static Object taken() { return take(new Box<>(7), 8); }",
            // concrete and wildcard type arguments, in contexts that need the exact type
            "  @Async static Future<Integer> concrete(Box<String> s, Box<Integer> n, Box<? extends CharSequence> w) {",
            "    int total = s.value.length() + await(v(\"x\", 1));",
            "    n.value += await(v(\"y\", 2));",
            "    n.value++;",
            "    s.value += \"!\";",
            "    total += w.value.length();",
            "    {",
            "      Box<String> local = new Box<>(\"four\");",
            "      total += local.value.length();",
            "      local.items.add(local.value);",
            "      total += local.items.get(0).length();",
            "    }",
            "    return Future.ready(total * 1000 + n.value * 10 + s.value.length() + await(v(\"z\", 0)));",
            "  }",
            "  static Object concreteTypes() {",
            "    return concrete(new Box<>(\"abc\"), new Box<>(5), new Box<>(new StringBuilder(\"12\")));",
            "  }",
            // a generic nested class's field, and an inner class's field typed by the outer T
            "  static final class Cell<E> {",
            "    private E item;",
            "    Cell(E item) { this.item = item; }",
            "  }",
            "  @Async static Future<String> cell() {",
            "    Cell<String> c = new Cell<>(\"c\");",
            "    String s = c.item + await(v(\"c\", \"!\"));",
            "    c.item = s;",
            "    return Future.ready(c.item.toUpperCase() + await(v(\"d\", \"\")));",
            "  }",
            "  final class Inner {",
            "    private T held;",
            "    Inner(T held) { this.held = held; }",
            "  }",
            "  @Async Future<T> inner() {",
            "    Inner i = new Inner(value);",
            "    await(v(\"i\", 0));",
            "    return Future.ready(i.held);",
            "  }",
            "  static Object innerHeld() { return new Box<>(\"in\").inner(); }",
            "}");

    private static CompileAndRun.Outcome same(String entry) {
        return CompileAndRun.assertReturnsSameAsSync("demo.Box", SOURCE, entry);
    }

    @Test
    void typeVariableFieldInAnInstanceMethodOfItsClass() {
        CompileAndRun.Outcome o = same("swapped");
        assertEquals("y,x,[x][y]", o.value);
        assertEquals(List.of("a", "b"), o.log);
        assertEquals("in", same("innerHeld").value);
    }

    @Test
    void typeVariableFieldInAStaticGenericMethod() {
        assertEquals("7>8", same("taken").value);
    }

    @Test
    void typeVariableFieldOfConcreteAndWildcardObjects() {
        CompileAndRun.Outcome o = same("concreteTypes");
        assertEquals(14084, o.value);
        assertEquals(List.of("x", "y", "z"), o.log);
    }

    @Test
    void typeVariableFieldOfAGenericNestedClass() {
        assertEquals("C!", same("cell").value);
    }
}
