package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.jawait.processor.testing.CompileAndRun;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Misuse is a compile-time error at the exact tree (DESIGN §2); the user's own errors are still
 * reported at their own lines behind the redirect (DESIGN §3.3).
 */
@Timeout(60)
class DiagnosticsTest {

    private static String source(String... body) {
        return String.join("\n",
                "package demo;",
                "import static dev.jawait.Await.await;",
                "import dev.jawait.Async;",
                "import dev.jawait.Future;",
                "import java.util.concurrent.CompletableFuture;",
                "import java.util.function.Supplier;",
                "public class Bad {",
                "  static Future<Integer> f() { return Future.ready(1); }",
                String.join("\n", body),
                "}");
    }

    /** The errors of compiling {@code body}, as "line:column: message". */
    private static List<String> errors(String... body) {
        Compilation c = CompileAndRun.compileExpectingErrors("demo.Bad", source(body));
        return c.diagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(DiagnosticsTest::format)
                .collect(Collectors.toList());
    }

    private static String format(Diagnostic<? extends JavaFileObject> d) {
        return d.getLineNumber() + ":" + d.getColumnNumber() + ": " + d.getMessage(Locale.ROOT);
    }

    private static void assertSingleError(List<String> errors, String position, String fragment) {
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(position), errors.toString());
        assertTrue(errors.get(0).contains(fragment), errors.toString());
    }

    @Test
    void awaitInLambda() {
        assertSingleError(errors(
                "  @Async static Future<Integer> m() {",
                "    Supplier<Integer> s = () -> await(f());",
                "    return Future.ready(s.get());",
                "  }"), "10:33", "await inside a lambda");
    }

    @Test
    void interfaceSuperCallInLambda() {
        assertSingleError(errors(
                "  interface G { default String g() { return \"g\"; } }",
                "  static class C implements G {",
                "    @Async Future<String> m() {",
                "      int x = await(f());",
                "      Supplier<String> s = () -> G.super.g();",
                "      return Future.ready(s.get() + x);",
                "    }",
                "  }"), "13:43", "called through 'super'");
    }

    @Test
    void awaitInAnonymousClass() {
        assertSingleError(errors(
                "  @Async static Future<Integer> m() {",
                "    Supplier<Integer> s = new Supplier<>() { public Integer get() { return await(f()); } };",
                "    return Future.ready(s.get());",
                "  }"), "10:76", "await inside an anonymous class");
    }

    @Test
    void awaitInSynchronized() {
        assertSingleError(errors(
                "  @Async static Future<Integer> m(Object lock) {",
                "    synchronized (lock) { int x = await(f()); return Future.ready(x); }",
                "  }"), "10:35", "await inside a synchronized block");
    }

    @Test
    void synchronizedAsyncMethod() {
        List<String> errors = errors(
                "  @Async static synchronized Future<Integer> m() {",
                "    return Future.ready(await(f()));",
                "  }");
        assertSingleError(errors, "9:", "cannot be synchronized");
    }

    @Test
    void unsupportedReturnType() {
        assertSingleError(errors(
                "  @Async static Integer m() {",
                "    return await(f());",
                "  }"), "9:17", "must return dev.jawait.Future<T>");
    }

    @Test
    void userTypeErrorIsReportedAtTheUsersLineFirst() {
        List<String> errors = errors(
                "  @Async static Future<Integer> m() {",
                "    int x = await(f());",
                "    String s = x;",
                "    return Future.ready(x);",
                "  }");
        // The machine copies the erroneous statement too, so javac may repeat the error there;
        // the user's own line comes first.
        assertTrue(errors.get(0).startsWith("11:16") && errors.get(0).contains("incompatible types"), errors.toString());
    }

    @Test
    void definiteAssignmentIsStillCheckedBehindTheRedirect() {
        assertSingleError(errors(
                "  @Async static Future<Integer> m(boolean c) {",
                "    int x;",
                "    if (c) x = await(f());",
                "    return Future.ready(x);",
                "  }"), "12:25", "might not have been initialized");
    }

    @Test
    void undenotableLocalAcrossAwait() {
        assertSingleError(errors(
                "  @Async static Future<Integer> m() {",
                "    var o = new Object() { int k = 1; };",
                "    await(f());",
                "    return Future.ready(o.k);",
                "  }"), "10:9", "which the generated state machine cannot write");
    }

    /** Pattern switches are JDK 21+ syntax: this runs on JDK 25 (CI runs it too). */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void awaitInAPatternSwitchGuard() {
        assertSingleError(errors(
                "  static Future<Boolean> ok(String s) { return Future.ready(true); }",
                "  @Async static Future<Integer> m(Object o) {",
                "    int r = 0;",
                "    switch (o) {",
                "      case String s when await(ok(s)) -> r = 1;",
                "      default -> r = 2;",
                "    }",
                "    return Future.ready(r);",
                "  }"), "13:31", "an await in a case guard ('when') is not supported");
    }

    @Test
    void hoistedLocalClassCreatedInAStaticMember() {
        assertSingleError(errors(
                "  @Async static Future<Integer> m() {",
                "    class Counter { int n; static Counter make() { return new Counter(); } }",
                "    Counter c = Counter.make();",
                "    c.n += await(f());",
                "    return Future.ready(c.n);",
                "  }"), "10:59", "cannot be created in a static member of a local class");
    }

    @Test
    void awaitingMethodReferenceBesideAnAwaitingBranch() {
        assertSingleError(errors(
                "  static Future<Supplier<Integer>> g() { return Future.ready(() -> 1); }",
                "  @Async static Future<Integer> m(boolean c) {",
                "    Supplier<Integer> s = c ? await(g())::get : await(g());",
                "    return Future.ready(s.get());",
                "  }"), "11:31", "await into a local variable first");
    }

    @Test
    void privateEnclosingClass() {
        assertSingleError(errors(
                "  private static class Hidden {",
                "    @Async Future<Integer> m() { return Future.ready(await(f())); }",
                "  }"), "10:28", "make it package-private");
    }

    @Test
    void overloadedPrivateConstructor() {
        assertSingleError(errors(
                "  private Bad(int x) {}",
                "  private Bad(String s) {}",
                "  @Async static Future<Bad> m() { return Future.ready(new Bad(await(f()))); }"),
                "11:55", "the private constructor of 'Bad' is overloaded");
    }

    @Test
    void privateConstructorOfAnAnonymousSubclass() {
        assertSingleError(errors(
                "  private Bad(int x) {}",
                "  @Async static Future<Bad> m() { return Future.ready(new Bad(await(f())) {}); }"),
                "10:55", "called by an anonymous subclass");
    }

    @Test
    void referencesToPrivateMembers() {
        assertSingleError(errors(
                "  private void remember(String s) {}",
                "  @Async Future<Integer> m(java.util.List<String> in) {",
                "    int x = await(f());",
                "    in.forEach(this::remember);",
                "    return Future.ready(x);",
                "  }"), "12:16", "the private method 'remember'");
        assertSingleError(errors(
                "  private static String tag(String s) { return s; }",
                "  @Async static Future<Integer> m() {",
                "    int x = await(f());",
                "    java.util.function.Function<String, String> t = Bad::tag;",
                "    return Future.ready(x + t.apply(\"\").length());",
                "  }"), "12:53", "the private method 'tag'");
        assertSingleError(errors(
                "  private Bad() {}",
                "  @Async static Future<Integer> m() {",
                "    int x = await(f());",
                "    Supplier<Bad> s = Bad::new;",
                "    return Future.ready(x + s.get().hashCode());",
                "  }"), "12:23", "the private constructor of 'Bad'");
        assertEquals(List.of(), errors(
                "  @Async static Future<Integer> m(java.util.List<String> in) {",
                "    int x = await(f());",
                "    Supplier<Future<Integer>> g = Bad::f;",
                "    return Future.ready(x + in.stream().mapToInt(String::length).sum() + await(g.get()));",
                "  }"), "references to members the machine can reach are printed as they are");
    }

    @Test
    void typeParameterHidingTheClasses() {
        List<String> errors = CompileAndRun.compileExpectingErrors("demo.Gen", String.join("\n",
                "package demo;",
                "import static dev.jawait.Await.await;",
                "import dev.jawait.Async;",
                "import dev.jawait.Future;",
                "public class Gen<T> {",
                "  @Async <T> Future<T> m(T t) { return Future.ready(await(Future.ready(t))); }",
                "}")).errors().stream().map(DiagnosticsTest::format).collect(Collectors.toList());
        assertSingleError(errors, "6:24", "hides a type parameter");
    }

    /**
     * An update of a field reached through a handle whose object is evaluated once needs a block
     * of locals, which a lambda's expression body (maybe void) and a for loop's header cannot hold.
     */
    @Test
    void updateOfPrivateFieldWhereNoBlockCanStand() {
        assertSingleError(errors(
                "  private int total;",
                "  @Async Future<Integer> m(Bad other) {",
                "    Supplier<Integer> s = () -> other.total++;",
                "    return Future.ready(s.get() + await(f()));",
                "  }"), "11:44", "write this lambda's body as a block");
        assertSingleError(errors(
                "  private int total;",
                "  static Bad make() { return new Bad(); }",
                "  @Async static Future<Integer> m() {",
                "    for (int i = 0; i < 2; i++, make().total++) { }",
                "    return Future.ready(await(f()));",
                "  }"), "12:45", "in a for loop's header put that object in a local first");
    }

    @Test
    void ambiguousPatternVariableAcrossAwait() {
        assertSingleError(errors(
                "  @Async static Future<Integer> m(Object o) {",
                "    if (o instanceof Integer s) { return Future.ready(s); }",
                "    if (o instanceof String s) { await(f()); return Future.ready(s.length()); }",
                "    return Future.ready(0);",
                "  }"), "11:39", "several pattern variables");
    }
}
