package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.processor.testing.CompileAndRun;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A local that is in scope at an await but used only before its block's first await stays a
 * Java local of one state instead of becoming a field of the machine (a smaller machine per
 * task); a local used across an await, or captured by a class body, is still a field. Each
 * method runs like its synchronous twin, so a local kept out of the fields by mistake would fail
 * to compile or compute something else.
 */
@Timeout(120)
class ShortLivedLocalsTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "import java.util.function.IntSupplier;",
            "public class Short {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            // skynet's shape: `child` is used only by the loop before the awaits
            "  @Async static Future<Long> beforeTheAwaits(int size) {",
            "    int child = size / 10;",
            "    long[] parts = new long[3];",
            "    for (int i = 0; i < 3; i++) parts[i] = (long) i * child;",
            "    long sum = 0;",
            "    for (int i = 0; i < 3; i++) sum += await(v(\"p\" + i, parts[i]));",
            "    return Future.ready(sum);",
            "  }",
            "  static Object beforeTheAwaitsEntry() { return beforeTheAwaits(100); }",
            // read after an await: a field
            "  @Async static Future<Integer> usedAfter() {",
            "    int kept = 5;",
            "    int gone = kept * 2;",
            "    log(\"gone \" + gone);",
            "    await(v(\"a\", 0));",
            "    return Future.ready(kept);",
            "  }",
            // the same names in sibling blocks, branches, loop bodies, cases, catch and finally blocks
            "  @Async static Future<String> sameNamesEverywhere(int k) {",
            "    StringBuilder out = new StringBuilder();",
            "    { int x = 1; out.append(x); await(v(\"b1\", 0)); }",
            "    { int x = 2; out.append(x); await(v(\"b2\", 0)); }",
            "    if (k > 0) { int x = 3; out.append(x); await(v(\"then\", 0)); }",
            "    else { int x = 4; out.append(x); await(v(\"else\", 0)); }",
            "    for (int i = 0; i < 2; i++) { int x = 5 + i; out.append(x); await(v(\"loop\", i)); }",
            "    switch (k) {",
            "      case 1 -> { int x = 7; out.append(x); await(v(\"case1\", 0)); }",
            "      default -> { int x = 8; out.append(x); await(v(\"default\", 0)); }",
            "    }",
            "    try {",
            "      int x = 9; out.append(x); await(v(\"try\", 0));",
            "      if (k > 0) throw new IllegalStateException(\"boom\");",
            "    } catch (IllegalStateException e) {",
            "      int x = 10; out.append(x).append(e.getMessage()); await(v(\"catch\", 0));",
            "    } finally {",
            "      int x = 11; out.append(x); await(v(\"finally\", 0));",
            "    }",
            "    return Future.ready(out.toString());",
            "  }",
            "  static Object sameNamesEverywhereEntry() { return sameNamesEverywhere(1); }",
            "  static Object sameNamesOtherBranchEntry() { return sameNamesEverywhere(0); }",
            // assigned on every path before the first await, no initializer; a labelled break
            "  @Async static Future<Integer> definitelyAssigned(boolean b) {",
            "    int x;",
            "    if (b) x = 1; else x = 2;",
            "    int y = x;",
            "    done: { if (y > 0) break done; y = -y; }",
            "    log(\"y \" + y);",
            "    int z = await(v(\"z\", 40));",
            "    return Future.ready(z + 2);",
            "  }",
            "  static Object definitelyAssignedEntry() { return definitelyAssigned(true); }",
            // a lambda captures the value; the lambda, used after the await, is the field
            "  @Async static Future<Integer> capturedByLambda() {",
            "    int x = 5;",
            "    IntSupplier s = () -> x * 3;",
            "    await(v(\"a\", 0));",
            "    return Future.ready(s.getAsInt());",
            "  }",
            // a local class hoisted into the machine copies its captures from fields
            "  @Async static Future<Integer> capturedByLocalClass() {",
            "    int x = 6;",
            "    class Times { int of(int n) { return n * x; } }",
            "    Times t = new Times();",
            "    await(v(\"a\", 0));",
            "    return Future.ready(t.of(7) + new Times().of(1));",
            "  }",
            // an anonymous class's type cannot be written in a field, but this local needs none
            // a local named like the machine's state field, in scope where the machine moves from
            // state to state: until session 18, `state = 1` before a suspension wrote the local, so
            // the machine resumed at its entry and ran the method's start again, forever (the
            // counter makes that fail at once instead of filling the log)
            "  static int entered;",
            "  @Async static Future<Integer> localNamedState() {",
            "    int state = 5;",
            "    if (++entered > 1) throw new IllegalStateException(\"the method's start ran again\");",
            "    log(\"state \" + state);",
            "    await(v(\"a\", 0));",
            "    int sum = 0;",
            "    for (int i = 0; i < 3; i++) { int state2 = i; sum += await(v(\"i\" + state2, i)); }",
            "    return Future.ready(sum);",
            "  }",
            "  static Object localNamedStateEntry() { entered = 0; return localNamedState(); }",
            // declared by an await and read only before the next one: a Java local of the state
            // that await resumes, in every form a declaration takes
            "  @Async static Future<String> declaredByTheAwait() {",
            "    String s = await(v(\"s\", \"abc\"));",
            "    log(\"len \" + s.length());",
            "    if (s.isEmpty()) { log(\"empty\"); } else { log(\"first \" + s.charAt(0)); }",
            "    @SuppressWarnings(\"unused\") final var list = await(v(\"l\", java.util.List.of(1, 2)));",
            "    log(\"size \" + list.size());",
            "    long wide = await(v(\"i\", 5));",
            "    log(\"wide \" + wide * 2);",
            "    int two = await(v(\"a\", 1)) + await(v(\"b\", 2));",
            "    log(\"two \" + two);",
            "    int t = await(v(\"t\", 7));",
            "    return Future.ready(\"t\" + t);",
            "  }",
            // in loop bodies, sibling blocks reusing the name, a try whose catch the failure reaches
            "  @Async static Future<String> declaredByTheAwaitInBlocks(int n) {",
            "    StringBuilder out = new StringBuilder();",
            "    for (int i = 0; i < n; i++) { int x = await(v(\"x\" + i, i)); out.append(x); }",
            "    { String w = await(v(\"w1\", \"a\")); out.append(w); }",
            "    { String w = \"plain\"; out.append(w); }",
            "    { { String w = await(v(\"w2\", \"b\")); out.append(w); } String w = \"c\"; out.append(w); }",
            "    try {",
            "      String e = await(v(\"e\", \"boom\"));",
            "      if (n > 1) throw new IllegalStateException(e);",
            "      out.append(e);",
            "    } catch (IllegalStateException e) {",
            "      out.append(\"caught \").append(e.getMessage());",
            "    }",
            "    return Future.ready(out.toString());",
            "  }",
            "  static Object declaredByTheAwaitInBlocksEntry() { return declaredByTheAwaitInBlocks(3); }",
            "  static Object declaredByTheAwaitNoThrowEntry() { return declaredByTheAwaitInBlocks(1); }",
            // read after the next await, or by a class body, or a `var` whose initializer is more
            // than the await (the generated `var` could infer another type): still a field
            "  @Async static Future<Integer> declaredByTheAwaitButKept() {",
            "    var scaled = await(v(\"s\", 2)) * 3;",
            "    log(\"scaled \" + scaled);",
            "    int after = await(v(\"a\", 3));",
            "    int other = await(v(\"o\", 4));",
            "    int inClass = await(v(\"c\", 5));",
            "    class Get { int get() { return inClass; } }",
            "    log(\"got \" + new Get().get() + \" \" + other);",
            "    return Future.ready(after);",
            "  }",
            "  @Async static Future<Integer> anonymousTypeBeforeTheAwait() {",
            "    var counter = new Object() { int hits = 2; int hit() { return ++hits; } };",
            "    counter.hit();",
            "    int seen = counter.hits;",
            "    await(v(\"a\", 0));",
            "    return Future.ready(seen + await(v(\"b\", 10)));",
            "  }",
            // captured by anonymous classes before the await: they capture the Java local where
            // they are created, in the state before the await, so neither needs a field
            "  @Async static Future<Integer> capturedByAnonymousClasses() {",
            "    var counter = new Object() { int hits; void hit() { hits++; } };",
            "    Runnable r = new Runnable() { public void run() { counter.hit(); } };",
            "    r.run();",
            "    r.run();",
            "    int x = 6;",
            "    IntSupplier s = new IntSupplier() { public int getAsInt() { return x * counter.hits; } };",
            "    await(v(\"a\", 0));",
            "    return Future.ready(await(v(\"b\", 10)) + s.getAsInt());",
            "  }",
            // an anonymous class inside a local class that is hoisted: x is copied from a field
            "  @Async static Future<Integer> anonymousInsideALocalClass() {",
            "    int x = 4;",
            "    class Make { IntSupplier of() { return new IntSupplier() { public int getAsInt() { return x; } }; } }",
            "    Make m = new Make();",
            "    await(v(\"a\", 0));",
            "    return Future.ready(m.of().getAsInt() + new Make().of().getAsInt());",
            "  }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"beforeTheAwaitsEntry", "usedAfter", "sameNamesEverywhereEntry", "sameNamesOtherBranchEntry",
            "definitelyAssignedEntry", "capturedByLambda", "capturedByLocalClass", "anonymousTypeBeforeTheAwait",
            "localNamedStateEntry", "declaredByTheAwait", "declaredByTheAwaitInBlocksEntry",
            "declaredByTheAwaitNoThrowEntry", "declaredByTheAwaitButKept", "capturedByAnonymousClasses",
            "anonymousInsideALocalClass"})
    void runsLikeItsSynchronousTwin(String entry) {
        CompileAndRun.assertReturnsSameAsSync("demo.Short", SOURCE, entry);
    }

    @Test
    void onlyLocalsThatLiveAcrossAnAwaitBecomeFields() throws Exception {
        ClassLoader loader = CompileAndRun.load(CompileAndRun.compile("demo.Short", SOURCE));
        assertEquals(Set.of("size$i", "sum", "parts"), fields(loader, "beforeTheAwaits")); // one field (SharedFields)
        assertEquals(Set.of("kept"), fields(loader, "usedAfter"));
        assertEquals(Set.of("b"), fields(loader, "definitelyAssigned")); // z: declared by the await, read before the next
        assertEquals(Set.of("s"), fields(loader, "capturedByLambda"));
        assertEquals(Set.of("x", "t"), fields(loader, "capturedByLocalClass"));
        assertEquals(Set.of("seen"), fields(loader, "anonymousTypeBeforeTheAwait"));
        assertEquals(Set.of(), fields(loader, "declaredByTheAwait"));
        assertEquals(Set.of("n", "out", "i", "caught"), fields(loader, "declaredByTheAwaitInBlocks")); // caught: the routed failure
        assertEquals(Set.of("scaled$after", "other", "inClass"), fields(loader, "declaredByTheAwaitButKept")); // SharedFields
        assertEquals(Set.of("s"), fields(loader, "capturedByAnonymousClasses"));
        assertEquals(Set.of("x", "m"), fields(loader, "anonymousInsideALocalClass"));
    }

    private static Set<String> fields(ClassLoader loader, String method) throws ClassNotFoundException {
        return CompileAndRun.variableFields(loader, "demo.Short_" + method + "_Async");
    }
}
