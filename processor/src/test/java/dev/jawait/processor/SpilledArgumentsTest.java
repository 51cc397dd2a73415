package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Arguments evaluated before an await in a later argument are kept in temporaries; those whose
 * type comes from the parameter (poly expressions, method references) must still compile.
 */
@Timeout(120)
class SpilledArgumentsTest {
    static final String SOURCE = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.processor.testing.Fx.log;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.Fx;",
            "import java.util.*;",
            "import java.util.function.*;",
            "public class Spill {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static int f(List<String> a, int b) { return a.size() + b; }",
            "  static int g(IntSupplier s, int b) { return s.getAsInt() + b; }",
            "  static int h(Function<String, Integer> s, int b) { return s.apply(\"ab\") + b; }",
            "  static int k(Supplier<List<String>> s, int b) { return s.get().size() + b; }",
            "  static StringBuilder sb(String tag) { log(tag); return new StringBuilder(tag); }",
            "  static String s(Supplier<String> s, int b) { return s.get() + b; }",
            "  String name = \"me\";",
            "  int len() { return name.length(); }",
            "",
            "  @Async Future<String> spilled() {",
            "    int r = f(List.of(), await(v(\"a\", 1)));",
            "    int q = g(() -> 2, await(v(\"b\", 1)));",
            "    int w = h(String::length, await(v(\"c\", 1)));",
            "    int z = k(ArrayList::new, await(v(\"d\", 1)));",
            "    int t = g(this::len, await(v(\"e\", 1)));",
            "    String u = s(sb(\"receiver\")::toString, await(v(\"f\", 1)));",
            "    StringBuilder nil = null;",
            "    String n;",
            "    try {",
            "      n = s(nil::toString, await(v(\"g\", 1)));",
            "    } catch (NullPointerException e) {",
            "      n = \"npe\";",
            "    }",
            "    return Future.ready(r + \" \" + q + \" \" + w + \" \" + z + \" \" + t + \" \" + u + \" \" + n);",
            "  }",
            "  static Object spilledEntry() { return new Spill().spilled(); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"spilledEntry"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertSameAsSync("demo.Spill", SOURCE, entry);
    }
}
