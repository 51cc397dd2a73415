package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * User names that are also names the generated code writes. A variable named like a type the
 * machine names by its simple name ({@code Poll.ready(...)}, {@code Machines.awaitable(...)})
 * would obscure that type in the generated class (JLS 6.4.2), which then did not compile; a user
 * type named like one of jawait's must not be confused with it either. Each method runs like its
 * synchronous twin in every mode of {@code Fx}.
 */
@Timeout(120)
class NameClashTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "public class Names {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            // hoisted into machine fields named Poll, Machines, Context, AsyncMachine
            "  @Async static Future<Integer> hoisted(int Poll) {",
            "    int Machines = await(v(\"m\", Poll + 1));",
            "    int Context = await(v(\"c\", Machines * 2));",
            "    int AsyncMachine = await(v(\"a\", Context + Poll));",
            "    return Future.ready(Poll + Machines + Context + AsyncMachine);",
            "  }",
            "  static Object hoistedEntry() { return hoisted(3); }",
            // a local that never lives across an await stays a Java local, in scope of the
            // generated `complete(Poll.ready(...))`
            "  @Async static Future<Integer> keptLocal(int x) {",
            "    int y = await(v(\"y\", x));",
            "    int Poll = y * 10;",
            "    return Future.ready(Poll + 1);",
            "  }",
            "  static Object keptLocalEntry() { return keptLocal(4); }",
            // the generated class writes Future<?> for each await and Long for the result type
            "  @Async static Future<Long> javaLangAndFuture(long Long) {",
            "    long Future = await(v(\"f\", Long * 2));",
            "    String String = \"s\" + Future;",
            "    long more = await(v(\"g\", (long) String.length()));",
            "    return dev.jawait.Future.ready(Long + Future + more);",
            "  }",
            "  static Object javaLangAndFutureEntry() { return javaLangAndFuture(21L); }",
            // the user's own types named like jawait's: the body means these, the machine jawait's
            "  static final class Poll { final int n; Poll(int n) { this.n = n; } }",
            "  static final class Context { final String s; Context(String s) { this.s = s; } }",
            "  @Async static Future<String> ownTypes(Context cx) {",
            "    Poll p = new Poll(await(v(\"n\", cx.s.length())));",
            "    Context next = new Context(cx.s + p.n);",
            "    int more = await(v(\"more\", next.s.length()));",
            "    return Future.ready(next.s + \"/\" + (p.n + more));",
            "  }",
            "  static Object ownTypesEntry() { return ownTypes(new Context(\"abc\")); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"hoistedEntry", "keptLocalEntry", "javaLangAndFutureEntry", "ownTypesEntry"})
    void runsLikeItsSynchronousTwin(String entry) {
        CompileAndRun.assertReturnsSameAsSync("demo.Names", SOURCE, entry);
    }
}
