package dev.jawait.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The class walk of {@code TypeWritability} as the early check reports it: a private class out
 * to the top, and the type arguments of a class, a hoisted local class's included.
 */
@Timeout(120)
class UnwritableTypesTest {
    /** A local class the @Async method can build around any value, hoisted into the machine. */
    private static final String BOX = "class Box<T> { final T v; Box(T v) { this.v = v; } }";

    /**
     * Class {@code demo.<className>} with {@code members}, whose @Async method runs
     * {@code locals}, awaits on a line of its own, then returns {@code v + <use>}.
     */
    private static Src acrossAwait(String className, String members, String use, String... locals) {
        return Src.of(className,
                members,
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    " + String.join("\n    ", locals),
                "    int v = await(f);",
                "    return Future.ready(v + " + use + ");",
                "  }");
    }

    /**
     * Asserts the one error: local 'h', declared on the line with {@code declaration}, is of a type
     * the machine cannot write, a private class Hidden, and the fix is Hidden's visibility.
     */
    private static void assertPrivateHidden(Src s, String type, String declaration) {
        Compilation c = s.compile();
        s.assertError(c, "local variable 'h' lives across the await on line " + s.line("int v")
                + ", but its type (" + type + ") is the private class Hidden, which the generated state"
                + " machine cannot write; make Hidden package-private (the state machine is a separate"
                + " class of this package), or declare 'h' with a supertype that is not private.",
                declaration, "h =");
        assertThat(c).hadErrorCount(1);
    }

    private static void assertPrivateHidden(Src s, String type) {
        assertPrivateHidden(s, type, "var h");
    }

    @Test
    void privateClassAcrossAwait() {
        assertPrivateHidden(acrossAwait("PrivVar",
                "  private static final class Hidden { int n = 1; }\n"
                        + "  static Hidden make() { return new Hidden(); }",
                "h.n", "var h = make();"), "demo.PrivVar.Hidden");
    }

    @Test
    void privateClassWrittenOutAcrossAwait() {
        assertPrivateHidden(acrossAwait("PrivExplicit",
                "  private static final class Hidden { int n = 1; }",
                "h.n", "Hidden h = new Hidden();"), "demo.PrivExplicit.Hidden", "Hidden h");
    }

    @Test
    void memberOfAPrivateClassAcrossAwait() {
        assertPrivateHidden(acrossAwait("PrivOuter",
                "  private static final class Hidden { static final class Inner { int n = 1; } }\n"
                        + "  static Hidden.Inner make() { return new Hidden.Inner(); }",
                "h.n", "var h = make();"), "demo.PrivOuter.Hidden.Inner");
    }

    @Test
    void privateTypeArgumentOfAHoistedLocalClass() {
        assertPrivateHidden(acrossAwait("PrivArg",
                "  private static final class Hidden { int n = 1; }\n"
                        + "  static Hidden make() { return new Hidden(); }",
                "h.v.n", BOX, "var h = new Box<>(make());"), "Box<demo.PrivArg.Hidden>");
    }

    @Test
    void hoistedLocalClassAcrossAwaitIsWritable() {
        Compilation c = acrossAwait("LocalOk", "", "h.v.get(0)", BOX, "var h = new Box<>(java.util.List.of(2));")
                .compile();
        assertThat(c).succeeded();
    }
}
