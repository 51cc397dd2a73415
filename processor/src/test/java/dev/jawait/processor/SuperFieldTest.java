package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code super.x} in an {@code @Async} method: the superclass's field even where the class hides
 * it (JLS 15.11.2), read, written, compound-assigned and incremented, with and without awaits in
 * the same expression, in lambdas, for a generic superclass, a static field, and a private field
 * of a nestmate superclass (reached through a handle) — against the synchronous twin.
 */
@Timeout(120)
class SuperFieldTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "import java.util.function.Supplier;",
            "public class Supers {",
            "static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "static class Base<T> {",
            "  int x = 1;",
            "  static int s = 100;",
            "  String name = \"base\";",
            "  byte b = 5;",
            "  T value;",
            "  int[] arr = {0, 0};",
            "}",
            "static class Sub extends Base<String> {",
            "  int x = 10;",
            "  static int s = 200;",
            "  String name = \"sub\";",
            "  Integer value = 7;",
            "  int[] arr = {9, 9};",
            "  String state() { return super.x + \",\" + x + \",\" + super.name + \",\" + name + \",\" + super.b + \",\" + super.value",
            "      + \",\" + value + \",\" + super.arr[0] + super.arr[1] + \",\" + Base.s + \",\" + s; }",
            "  @Async Future<String> readWriteAsync() {",
            "    String out = super.x + \"/\" + x + \";\";",
            "    super.x = await(v(\"w\", 2));",
            "    out += super.x + \"/\" + this.x + \";\";",
            "    super.x += await(v(\"c\", 3));",
            "    super.x++; ++super.x; super.x--;",
            "    int old = super.x++ + await(v(\"p\", 0));",
            "    int pre = --super.x * await(v(\"q\", 1));",
            "    super.x = super.x * await(v(\"m\", 2)) + x;",
            "    super.name += await(v(\"s\", \"!\"));",
            "    super.b += await(v(\"b\", 300));",
            "    super.value = await(v(\"val\", \"generic\"));",
            "    out += super.value.length() + \";\";",
            "    super.arr[await(v(\"i\", 1))] = super.x;",
            "    super.arr[0] += await(v(\"a\", 4));",
            "    Supplier<String> l = () -> super.name + \"/\" + super.x;",
            "    out += l.get() + \";\";",
            "    super.x = (super.x > await(v(\"cmp\", 3))) ? super.x - 1 : x;",
            "    return Future.ready(out + old + \";\" + pre + \";\" + state());",
            "  }",
            "  @Async Future<String> nullArrayAsync() {",
            "    super.arr = null;",
            "    try { super.arr[0] += await(v(\"npe\", 1)); } catch (NullPointerException e) { log(\"npe\"); }",
            "    try { super.arr[await(v(\"npe2\", 0))] = 1; } catch (NullPointerException e) { log(\"npe2\"); }",
            "    return Future.ready(super.arr + \",\" + arr.length);",
            "  }",
            "}",
            "  static Object readWrite() { return new Sub().readWriteAsync(); }",
            "  static Object nullSuperArray() { return new Sub().nullArrayAsync(); }",
            "  static class Secret {",
            "    private int hidden = 1;",
            "  }",
            "  static class Nested extends Secret {",
            "    int hidden = 50;",
            "    @Async Future<String> handleAsync() {",
            "      super.hidden = await(v(\"h\", 3));",
            "      super.hidden += 2;",
            "      super.hidden++;",
            "      int h = super.hidden + await(v(\"k\", 10));",
            "      Supplier<String> l = () -> \"l\" + super.hidden;",
            "      return Future.ready(h + \",\" + super.hidden + \",\" + hidden + \",\" + l.get());",
            "    }",
            "  }",
            "  static Object throughHandle() { return new Nested().handleAsync(); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"readWrite", "nullSuperArray", "throughHandle"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertReturnsSameAsSync("demo.Supers", SOURCE, entry);
    }
}
