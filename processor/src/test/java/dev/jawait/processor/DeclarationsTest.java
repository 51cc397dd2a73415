package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** lowering.md §8 "Types and declarations" and "Nested classes and lambdas", against the sync twin. */
@Timeout(120)
class DeclarationsTest {
    static final String SOURCE = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.processor.testing.Fx.log;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.Fx;",
            "import java.util.ArrayList;",
            "import java.util.Arrays;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.CompletionStage;",
            "import java.util.function.Supplier;",
            "public class Decls<E extends Comparable<E>> {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  final List<E> items = new ArrayList<>();",
            "  int counter;",
            "",
            "  @Async static <T extends Comparable<T>> Future<T> max(T a, T b) {",
            "    T x = await(v(\"a\", a));",
            "    T y = await(v(\"b\", b));",
            "    return Future.ready(x.compareTo(y) >= 0 ? x : y);",
            "  }",
            "  static Object generics() { return max(\"pear\", \"apple\"); }",
            "  @Async Future<E> classTypeParam(E extra) {",
            "    items.add(await(v(\"e\", extra)));",
            "    E best = items.get(0);",
            "    for (E e : items) { if (await(v(\"cmp\", e.compareTo(best))) > 0) best = e; }",
            "    return Future.ready(best);",
            "  }",
            "  static Object classGenerics() { Decls<Integer> d = new Decls<>(); d.items.add(5); d.items.add(9); return d.classTypeParam(7); }",
            "  @Async static Future<Object> wildcards() {",
            "    List<?> l = List.of(\"x\", \"y\");",
            "    Object o = l.get(await(v(\"i\", 1)));",
            "    List<? extends Number> nums = await(v(\"nums\", List.of(1, 2.5)));",
            "    return Future.ready(o + \"\" + nums.get(1));",
            "  }",
            "  @SafeVarargs @SuppressWarnings(\"varargs\")",
            "  @Async static <T> Future<String> varargs(T... xs) {",
            "    String s = Arrays.toString(xs) + await(v(\"n\", xs.length));",
            "    return Future.ready(s + join(\"a\", await(v(\"b\", \"b\")), \"c\"));",
            "  }",
            "  static String join(String... parts) { return String.join(\"-\", parts); }",
            "  static Object varargsRun() { return varargs(1, 2, 3); }",
            "  interface Service {",
            "    @Async default Future<String> greet(String who) { return Future.ready(prefix() + await(v(\"who\", who))); }",
            "    String prefix();",
            "    @Async static Future<Integer> twice(int x) { return Future.ready(2 * await(v(\"x\", x))); }",
            "  }",
            "  static Object interfaceDefault() { Service s = () -> \"hello \"; return s.greet(\"bob\"); }",
            "  static Object interfaceStatic() { return Service.twice(21); }",
            "  class Inner {",
            "    int own = 1;",
            "    @Async Future<Integer> touchOuter() {",
            "      counter += await(v(\"c\", 10));",
            "      Decls.this.counter += own;",
            "      own = await(v(\"o\", 5));",
            "      return Future.ready(counter + this.own + bump());",
            "    }",
            "  }",
            "  int bump() { return ++counter; }",
            "  static Object innerClass() { return new Decls<String>().new Inner().touchOuter(); }",
            "  @Async static Future<Integer> recursion(int n) {",
            "    return Future.ready(n == 0 ? 0 : await(recursion(n - 1)) + 1);",
            "  }",
            "  static Object recursionRun() { return recursion(50); }",
            "  @Async static Future<Integer> ping(int n) { return n == 0 ? Future.ready(0) : Future.ready(await(pong(n - 1)) + 1); }",
            "  @Async static Future<Integer> pong(int n) { return n == 0 ? Future.ready(0) : Future.ready(await(ping(n - 1)) * 2); }",
            "  static Object mutual() { return ping(6); }",
            "  @Async static CompletionStage<String> stageReturn() {",
            "    String s = await(Fx.stage(\"st\"));",
            "    return CompletableFuture.completedFuture(s + await(v(\"x\", \"!\")));",
            "  }",
            "  @Async static CompletableFuture<String> eagerAwaitsLazy() {",
            "    log(\"eager runs at call\");",
            "    return CompletableFuture.completedFuture(await(stageReturn()) + await(max(1, 2)));",
            "  }",
            "  @Async Future<String> lambdasAndClasses() {",
            "    int local = await(v(\"l\", 3));",
            "    Supplier<String> sup = () -> \"sup\" + local + counter + bump();",
            "    Object anon = new Object() { @Override public String toString() { return \"anon\" + local + counter; } };",
            "    counter = 100;",
            "    await(v(\"after\", 0));",
            "    return Future.ready(sup.get() + anon);",
            "  }",
            "  static Object lambdas() { return new Decls<String>().lambdasAndClasses(); }",
            "  @Async static Future<String> lazyDoesNothingUntilPolled() {",
            "    log(\"body runs\");",
            "    return Future.ready(await(v(\"x\", \"lazy\")));",
            "  }",
            "  static Object lazy() { Future<String> f = lazyDoesNothingUntilPolled(); log(\"created\"); return f; }",
            // `var` locals declared by an await and read after later awaits: their type is inferred
            // from the initializer, which javac has not attributed at the await inside it (until
            // session 19 the machine could not be written: "its type none")
            "  @Async static Future<String> varDeclaredByAnAwait() {",
            "    var list = await(v(\"l\", List.of(1, 2, 3)));",
            "    var copy = await(v(\"c\", new ArrayList<>(list)));",
            "    copy.add(await(v(\"x\", 4)));",
            "    var byName = await(v(\"m\", java.util.Map.of(\"a\", list.get(0))));",
            "    for (var e : await(v(\"e\", byName.entrySet()))) copy.add(e.getValue() * await(v(\"k\", 10)));",
            "    return Future.ready(list + \" \" + copy + \" \" + byName);",
            "  }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"generics", "classGenerics", "wildcards", "varargsRun", "interfaceDefault",
            "interfaceStatic", "innerClass", "recursionRun", "mutual", "stageReturn", "eagerAwaitsLazy", "lambdas",
            "varDeclaredByAnAwait"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertSameAsSync("demo.Decls", SOURCE, entry);
    }

    @org.junit.jupiter.api.Test
    void lazyMachineRunsOnlyWhenPolled() {
        CompileAndRun.Outcome o = CompileAndRun.run("demo.Decls", SOURCE, "lazy",
                dev.jawait.processor.testing.Fx.Mode.READY, false);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("created", "body runs", "x"), o.log);
        org.junit.jupiter.api.Assertions.assertEquals("lazy", o.value);
    }
}
