package dev.jawait.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every misuse is one error at the exact tree (file, line and column), saying what to change. */
@Timeout(120)
class ErrorsTest {
    @Test
    void awaitInPlainMethodStaticImport() {
        Src s = Src.of("Plain", "  static int plain(Future<Integer> f) { return await(f); }");
        Compilation c = s.compile();
        s.assertError(c, "await can only be used in an @Async method, and 'plain' is not one", "plain(", "await(f)");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void awaitInPlainMethodQualified() {
        Src s = Src.of("Qualified", "  static int plain(Future<Integer> f) { return Await.await(f); }");
        Compilation c = s.compile();
        s.assertError(c, "annotate 'plain' with @Async and make it return dev.jawait.Future<T>", "plain(", ".await(f)");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void awaitInFileWithoutAnyAsyncMethod() {
        Src s = Src.of("NoAsync",
                "  static int plain(Future<Integer> f) {",
                "    return dev.jawait.Await.await(f);",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "await can only be used in an @Async method", "return dev", ".await(f)");
    }

    @Test
    void awaitInConstructorAndFieldInitializer() {
        Src s = Src.of("Ctor",
                "  int field = Await.await(Future.ready(1));",
                "  Ctor() { await(Future.ready(2)); }");
        Compilation c = s.compile();
        s.assertError(c, "await cannot be used in a field initializer", "int field", ".await(");
        s.assertError(c, "await cannot be used in a constructor", "Ctor()", "await(");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    void awaitInLambdaOutsideAsync() {
        Src s = Src.of("LambdaOut",
                "  static Supplier<Integer> s(Future<Integer> f) { return () -> await(f); }");
        s.assertError(s.compile(), "await can only be used in an @Async method, not in a lambda", "Supplier<Integer> s(",
                "await(f)");
    }

    /** The machine is a separate class: a private member type named in copied code is an error there. */
    @Test
    void privateNestedTypeNamedInTheBody() {
        Src s = Src.of("PrivNested",
                "  private static final class Hidden { int n = 1; }",
                "  @Async static Future<Integer> use(Future<Integer> f) {",
                "    int a = await(f);",
                "    Object o = new Hidden();",
                "    return Future.ready(a + ((Hidden) o).n);",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "cannot name the private type 'Hidden'; make it package-private", "Object o", "Hidden()");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void unsupportedReturnType() {
        Src s = Src.of("BadReturn",
                "  @Async static Integer bad(Future<Integer> f) {",
                "    return await(f);",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "@Async method 'bad' must return dev.jawait.Future<T> (lazy),"
                + " java.util.concurrent.CompletableFuture<T> or java.util.concurrent.CompletionStage<T> (eager);"
                + " found java.lang.Integer", "Integer bad", "Integer");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void awaitInLambdaInAsyncBody() {
        Src s = Src.of("InLambda",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    Supplier<Integer> s = () -> await(f);",
                "    return Future.ready(1);",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "await inside a lambda is not allowed: the lambda is not part of @Async method 'm'",
                "Supplier<Integer> s", "await(f)");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void awaitMethodReference() {
        Src s = Src.of("Ref",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    Function<Future<Integer>, Integer> g = Await::await;",
                "    return Future.ready(await(f));",
                "  }",
                "  static Function<Future<String>, String> h() { return dev.jawait.Await::await; }");
        Compilation c = s.compile();
        s.assertError(c, "Await::await cannot be used as a method reference", "Integer> g", "Await::await");
        s.assertError(c, "Await::await cannot be used as a method reference", "String> h()", "dev.jawait.Await::await");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    void awaitInAnonymousClass() {
        Src s = Src.of("Anon",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    Runnable r = new Runnable() { public void run() { await(f); } };",
                "    Object o = new Object() { int x = await(f); };",
                "    return Future.ready(1);",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "await inside an anonymous class is not allowed", "Runnable r", "await(f)");
        s.assertError(c, "await inside an initializer of an anonymous class is not allowed", "Object o", "await(f)");
    }

    @Test
    void awaitInLocalClass() {
        Src s = Src.of("Local",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    class Helper { int get() { return await(f); } }",
                "    return Future.ready(new Helper().get());",
                "  }");
        s.assertError(s.compile(), "await inside a local class is not allowed", "class Helper", "await(f)");
    }

    @Test
    void awaitInSynchronized() {
        Src s = Src.of("Sync",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    synchronized (Sync.class) {",
                "      int v = await(f);",
                "    }",
                "    return Future.ready(1);",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "await inside a synchronized block is not allowed", "int v", "await(f)");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void synchronizedAsyncMethod() {
        Src s = Src.of("SyncMethod",
                "  @Async synchronized Future<Integer> m(Future<Integer> f) {",
                "    return Future.ready(await(f));",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "@Async method 'm' cannot be synchronized", "synchronized Future", "m(");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void abstractAndNativeAsyncMethods() {
        Src s = Src.of("Abs",
                "  abstract static class A {",
                "    @Async abstract Future<Integer> abs();",
                "    @Async native Future<Integer> nat();",
                "  }",
                "  interface I { @Async Future<Integer> i(); }");
        Compilation c = s.compile();
        s.assertError(c, "@Async cannot be applied to abstract method 'abs'", "abs()", "@Async");
        s.assertError(c, "@Async cannot be applied to native method 'nat'", "nat()", "@Async");
        s.assertError(c, "@Async cannot be applied to abstract method 'i'", "interface I", "@Async");
        assertThat(c).hadErrorCount(3);
    }

    @Test
    void asyncOnLocalAndAnonymousClassMethods() {
        Src s = Src.of("Nested",
                "  static Object m() {",
                "    class L { @Async Future<Integer> a(Future<Integer> f) { return Future.ready(await(f)); } }",
                "    return new Object() { @Async Future<Integer> b(Future<Integer> f) { return Future.ready(await(f)); } };",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "@Async is not supported on a method of a local class", "class L", "@Async");
        s.assertError(c, "@Async is not supported on a method of an anonymous class", "new Object()", "@Async");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    void asyncOnConstructorIsRejectedByJavac() {
        // @Async's @Target(METHOD) makes javac itself reject it at the annotation, before any processor runs.
        Src s = Src.of("OnCtor", "  @Async OnCtor() {}");
        s.assertError(s.compile(), "not applicable", "OnCtor()", "@Async");
    }

    @Test
    void intersectionTypeAcrossAwait() {
        Src s = Src.of("Inter",
                "  @Async static Future<Integer> m(Future<Integer> f, boolean c) {",
                "    var x = c ? 1 : \"s\";",
                "    int v = await(f);",
                "    return Future.ready(v + x.hashCode());",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "local variable 'x' lives across the await on line " + s.line("int v")
                + ", but its type", "var x", "x =");
        s.assertError(c, "is an intersection type, which the generated state machine cannot write;"
                + " declare 'x' with an explicit type", "var x", "x =");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void anonymousClassTypeAcrossAwait() {
        Src s = Src.of("AnonType",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    var o = new Object() { int k = 1; };",
                "    int v = await(f);",
                "    return Future.ready(v + o.k);",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "local variable 'o' lives across the await", "var o", "o =");
        s.assertError(c, "is an anonymous class, which the generated state machine cannot write; declare 'o' with an"
                + " explicit type, e.g. 'java.lang.Object'", "var o", "o =");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void misuseInOneMethodDoesNotStopTheOthers() {
        Src s = Src.of("Several",
                "  @Async static Future<Integer> ok(Future<Integer> f) { return Future.ready(await(f)); }",
                "  static int bad(Future<Integer> f) { return await(f); }",
                "  @Async static Future<Integer> alsoBad(Future<Integer> f) {",
                "    Runnable r = () -> await(f);",
                "    return Future.ready(1);",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "'bad' is not one", "int bad", "await(f)");
        s.assertError(c, "await inside a lambda", "Runnable r", "await(f)");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    void awaitNamesThatAreNotJawaitAreLeftAlone() {
        Src s = Src.of("Latch",
                "  static class MyLatch { void await(int n) {} void run() { await(3); } }",
                "  static void w(java.util.concurrent.CountDownLatch l) throws InterruptedException { l.await(); }");
        assertThat(s.compile()).succeededWithoutWarnings();
    }

    /**
     * A typing limitation (docs/errors.md): a conditional in an overloaded call, kept across states
     * because a branch awaits, whose kind (numeric or reference, JLS 15.25) the processor cannot
     * tell, since a branch calls a method on a value whose type comes from a generic method's
     * inference that the processor does not redo (here from a lambda's body; an argument of the
     * type parameter's own type, as in {@code await(Future.ready("abc"))}, it does redo). It is an
     * error at the conditional, never a guessed type; the cast the message suggests compiles.
     */
    @Test
    void aConditionalOfUnknownKindInAnOverloadedCallIsRejectedAtTheConditional() {
        Src s = Src.of("Cond",
                "  @Async static Future<String> describe(boolean c, StringBuilder sb) {",
                "    sb.append(c ? await(java.util.concurrent.CompletableFuture.supplyAsync(() -> \"abc\")).length() : 1.5f);",
                "    return Future.ready(sb.toString());",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "whether this conditional converts its branches one by one (JLS 15.25) depends on which"
                + " overload a branch calls", "sb.append", "? await"); // javac places a conditional at its '?'
        assertThat(c).hadErrorCount(1);

        Src cast = Src.of("CondCast",
                "  @Async static Future<String> describe(boolean c, StringBuilder sb) {",
                "    sb.append(c ? (int) await(java.util.concurrent.CompletableFuture.supplyAsync(() -> \"abc\")).length() : 1.5f);",
                "    return Future.ready(sb.toString());",
                "  }");
        assertThat(cast.compile()).succeededWithoutWarnings();
    }
}
