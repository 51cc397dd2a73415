package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN §3.5: the machine is a separate class, so private members and {@code super.m()} are
 * reached through {@code static final} handles from {@code MethodHandles.privateLookupIn}.
 */
@Timeout(120)
class PrivateAccessTest {
    static final String SOURCE = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.processor.testing.Fx.log;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.Fx;",
            "import java.util.ArrayList;",
            "import java.util.List;",
            "public class Priv extends ArrayList<String> {",
            "  private static final long serialVersionUID = 1L;",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  private int count;",
            "  private static String prefix = \"p\";",
            "  private final ArrayList<String> names = new ArrayList<>();",
            "  private int twice(int x) { return 2 * x; }",
            "  private static String tag(String s) { return \"<\" + s + \">\"; }",
            "  private void remember(String s) { names.add(s); }",
            "  @Override public int size() { return 42; }",
            "",
            "  @Async Future<String> usePrivates() {",
            "    prefix = \"p\";",
            "    count = await(v(\"c\", 3));",
            "    count += 2;",
            "    this.count++;",
            "    int d = twice(await(v(\"d\", count)));",
            "    remember(tag(prefix + d));",
            "    this.remember(\"second\");",
            "    prefix = \"q\";",
            "    return Future.ready(names + \" \" + count + \" \" + prefix + \" \" + this.twice(1));",
            "  }",
            "  static Object privates() { return new Priv().usePrivates(); }",
            "  @Async Future<String> callSuper() {",
            "    add(\"x\");",
            "    int mine = size();",
            "    int base = super.size();",
            "    return Future.ready(mine + \"/\" + base + \"/\" + await(v(\"s\", super.size() + 1)));",
            "  }",
            "  static Object superCall() { return new Priv().callSuper(); }",
            // A handle's set takes the value's own type as its descriptor: an int constant for a
            // byte field, or a conditional read back as Integer, must be converted first.
            "  private byte pb;",
            "  private short ps;",
            "  private char pc;",
            "  private int pi;",
            "  @Async Future<String> converted(int d) {",
            "    pb = 5;",
            "    ps = 'a';",
            "    pc = 66;",
            "    pi = d > 0 ? 1 : await(v(\"i\", 2));",
            "    String s = \"\" + pi;",
            "    pi = switch (d) { case 0 -> 10; default -> await(v(\"j\", 20)); };",
            "    int r = (pb = 9);",
            "    return Future.ready(pb + \" \" + ps + \" \" + pc + \" \" + s + \" \" + pi + \" \" + r);",
            "  }",
            "  static Object convertedAwaiting() { return new Priv().converted(0); }",
            "  static Object convertedReady() { return new Priv().converted(1); }",
            // Private methods take their primitive arguments converted, for the same reason.
            "  private static long widen(long x) { return x + 1; }",
            "  @Async Future<String> arguments(int d) {",
            "    int a = twice(d > 0 ? 1 : await(v(\"a\", 2)));",
            "    long b = widen(switch (d) { case 0 -> 3; default -> await(v(\"b\", 4)); });",
            "    return Future.ready(a + \" \" + b);",
            "  }",
            "  @Async static Future<String> qualifiedStatic() {",
            "    Priv.prefix = \"s\";",
            "    Priv.prefix += await(v(\"q\", \"t\"));",
            "    String read = Priv.prefix;",
            "    Priv.prefix += Priv.prefix.length();",
            "    return Future.ready(read + \" \" + Priv.prefix);",
            "  }",
            "  static final class Inner { private int secret = 4; private Inner() {} Inner(int s) { secret = s; } private int peek() { return secret; } }",
            "  @Async static Future<String> qualifiedCalls(Priv other) {",
            "    int a = other.twice(await(v(\"a\", 3)));",
            "    String t = Priv.tag(\"q\" + await(v(\"t\", 1)));",
            "    Inner n = new Inner();",
            "    int s = n.peek() + await(v(\"s\", 2));",
            "    other.remember(t);",
            "    return Future.ready(a + t + s + other.names);",
            "  }",
            "  static Object qualified() { return qualifiedCalls(new Priv()); }",
            // In a lambda the machine calls a private member through a caller that throws what the
            // member declares, so the lambda's checked exceptions are javac's as in the source.
            "  private String load(String key) throws java.io.IOException {",
            "    if (key.isEmpty()) { throw new java.io.IOException(\"empty key\"); }",
            "    return key + count;",
            "  }",
            "  @Async Future<String> inLambdas(String key) {",
            "    count = await(v(\"c\", 5));",
            "    java.util.function.IntUnaryOperator op = x -> twice(x) + Priv.tag(\"\" + x).length();",
            "    java.util.concurrent.Callable<String> loader = () -> load(key);",
            "    java.util.function.Supplier<Inner> inner = () -> new Inner();",
            "    java.util.function.Consumer<String> keep = s -> remember(s);",
            "    java.util.function.Supplier<Inner> local = new java.util.function.Supplier<Inner>() {",
            "      @Override public Inner get() { return new Inner(); }",
            "    };",
            "    String loaded;",
            "    try {",
            "      loaded = loader.call();",
            "    } catch (Exception e) {",
            "      loaded = e.toString();",
            "    }",
            "    keep.accept(loaded);",
            "    int r = op.applyAsInt(await(v(\"x\", 4)));",
            // private fields of values whose type only javac knows (locals that are not machine fields)
            "    java.util.List<Priv> others = java.util.List.of(this);",
            "    java.util.function.Supplier<Priv> me = () -> this;",
            "    int seen = others.get(0).count + me.get().count;",
            "    return Future.ready(r + \" \" + inner.get().peek() + local.get().peek() + \" \" + seen + \" \" + names);",
            "  }",
            // Inside the bodies of anonymous and local classes too, also one hoisted into the
            // machine (used across an await), whose methods declare the member's exceptions.
            "  @Async Future<String> inClassBodies(String key) {",
            "    count = await(v(\"c\", 6));",
            "    Priv peer = new Priv();",
            "    java.util.concurrent.Callable<String> loader = new java.util.concurrent.Callable<String>() {",
            "      @Override public String call() throws java.io.IOException {",
            "        Priv mine = Priv.this;",
            "        return load(key) + twice(2) + Priv.tag(\"t\") + tag(\"u\") + peer.twice(5) + mine.twice(7);",
            "      }",
            "    };",
            "    class Keeper {",
            "      void keep(String s) { remember(s); }",
            "      String loadTwice() throws java.io.IOException { return load(key) + Priv.this.load(key); }",
            "    }",
            "    Keeper keeper = new Keeper();",
            "    String loaded;",
            "    try {",
            "      loaded = loader.call();",
            "    } catch (Exception e) {",
            "      loaded = e.toString();",
            "    }",
            "    keeper.keep(loaded);",
            "    int r = await(v(\"r\", 4));",
            "    String again;",
            "    try {",
            "      again = keeper.loadTwice();",
            "    } catch (java.io.IOException e) {",
            "      again = e.getMessage();",
            "    }",
            "    keeper.keep(again + r);",
            // a local class's own private members: the machine holds that class, so no handle
            "    record Rec(int n) {",
            "      private static Rec of(int n) { return new Rec(n * 2); }",
            "      private int twiceN() { return n * 2; }",
            "    }",
            "    Rec rec = Rec.of(await(v(\"n\", 3)));",
            "    return Future.ready(loaded + \" \" + again + \" \" + names + \" \" + rec.twiceN() + Rec.of(1).twiceN());",
            "  }",
            "  static Object classBodiesLoaded() { return new Priv().inClassBodies(\"k\"); }",
            "  static Object classBodiesFailed() { return new Priv().inClassBodies(\"\"); }",
            "  static Object lambdasLoaded() { return new Priv().inLambdas(\"k\"); }",
            "  static Object lambdasFailed() { return new Priv().inLambdas(\"\"); }",
            "  static Object argumentsAwaiting() { return new Priv().arguments(0); }",
            "  static Object argumentsReady() { return new Priv().arguments(1); }",
            "}");

    /**
     * Private constructors (the static-factory idiom), of the class itself, of a generic class
     * through the diamond and with explicit type arguments, and of a static nested class: called
     * through a handle, arguments converted as the call would have.
     */
    static final String CONSTRUCTORS = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.Fx;",
            "public class Made {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  private final long id;",
            "  private Made(long id) { this.id = id; }",
            "  static final class Box<T> {",
            "    final T value;",
            "    private Box(T value) { this.value = value; }",
            "  }",
            "  static final class Pair {",
            "    final String left;",
            "    final int right;",
            "    private Pair(String left, int right) { this.left = left; this.right = right; }",
            "  }",
            "  @Async static Future<String> make(int d) {",
            "    Made m = new Made(await(v(\"id\", 7)));",
            "    Made n = new Made(d > 0 ? 8 : await(v(\"n\", 9)));",
            "    Box<String> b = new Box<>(await(v(\"b\", \"boxed\")));",
            "    Object o = new Box<Object>(\"explicit\").value;",
            "    Pair p = new Pair(\"p\", await(v(\"r\", 3)));",
            "    return Future.ready(m.id + \" \" + n.id + \" \" + b.value + \" \" + o + \" \" + p.left + p.right);",
            "  }",
            "  static Object makeAwaiting() { return make(0); }",
            "  static Object makeReady() { return make(1); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"makeAwaiting", "makeReady"})
    void privateConstructorsAreCalledThroughHandles(String entry) {
        CompileAndRun.assertSameAsSync("demo.Made", CONSTRUCTORS, entry);
    }

    /** A protected member of a superclass in another package is reached through a handle too. */
    @org.junit.jupiter.api.Test
    void protectedMemberOfASuperclassInAnotherPackage() throws Exception {
        com.google.testing.compile.Compilation c = com.google.testing.compile.Compiler.javac()
                .withProcessors(new AsyncProcessor())
                .withOptions("-Xlint:all", "-Werror")
                .compile(com.google.testing.compile.JavaFileObjects.forSourceString("base.Base", String.join("\n",
                        "package base;",
                        "public class Base {",
                        "  protected int hits;",
                        "  protected String greet(String who) { return \"hello \" + who; }",
                        "}")),
                        com.google.testing.compile.JavaFileObjects.forSourceString("demo.Sub", String.join("\n",
                        "package demo;",
                        "import static dev.jawait.Await.await;",
                        "import dev.jawait.Async;",
                        "import dev.jawait.Future;",
                        "public class Sub extends base.Base {",
                        "  @Async Future<String> run() {",
                        "    hits = await(Future.ready(2));",
                        "    hits++;",
                        "    return Future.ready(greet(await(Future.ready(\"bob\"))) + hits);",
                        "  }",
                        "  public static Object go() { return new Sub().run(); }",
                        "}")));
        org.junit.jupiter.api.Assertions.assertEquals(com.google.testing.compile.Compilation.Status.SUCCESS,
                c.status(), c.diagnostics().toString());
        Class<?> sub = CompileAndRun.load(c).loadClass("demo.Sub");
        Object f = sub.getMethod("go").invoke(null);
        org.junit.jupiter.api.Assertions.assertEquals("hello bob3",
                dev.jawait.Await.blockOn((dev.jawait.Future<?>) f));
    }

    /**
     * Private members reached on values whose class the lexical rules cannot tell, so that the
     * processor asks javac or reads the declaration: an implicitly typed lambda parameter, a
     * conditional with a {@code null} branch, a field of an anonymous class (also one that hides
     * a field of the user's class of another type), in the method's body and in class bodies.
     */
    static final String RECEIVERS = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.Fx;",
            "import java.util.List;",
            "import java.util.function.Supplier;",
            "public class Recv {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static final class Other { int twice(int x) { return -x; } }",
            "  private int count = 1;",
            "  private int twice(int x) { return 2 * x + count; }",
            "  Other peer = new Other();",
            "  @Async Future<String> run(int d) {",
            "    List<Recv> rs = List.of(this, new Recv());",
            "    int lambdas = rs.stream().mapToInt(q -> q.twice(q.count)).sum();",
            "    int chosen = (d >= 0 ? Recv.this : null).twice(5) + (d < 0 ? null : this).count;",
            "    count = await(v(\"c\", 3 + d));",
            "    int after = rs.stream().mapToInt(q -> q.twice(count) + q.count).sum();",
            "    Supplier<String> body = new Supplier<String>() {",
            "      Recv field = new Recv();",
            "      Recv peer = Recv.this;",
            "      @Override public String get() {",
            "        field.count += 10;",
            "        return field.twice(3) + \" \" + field.count + \" \" + peer.twice(1)",
            "            + \" \" + rs.stream().mapToInt(q -> q.twice(2)).sum()",
            "            + \" \" + (d >= 0 ? field : null).twice(4);",
            "      }",
            "    };",
            "    String inBody = body.get();",
            "    int last = await(v(\"l\", 4));",
            "    return Future.ready(lambdas + \" \" + chosen + \" \" + after + \" \" + inBody + \" \" + body.get()",
            "        + \" \" + peer.twice(last));",
            "  }",
            "  static Object positive() { return new Recv().run(1); }",
            "  static Object zero() { return new Recv().run(0); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"positive", "zero"})
    void privateMembersOfValuesTypedByJavac(String entry) {
        CompileAndRun.assertReturnsSameAsSync("demo.Recv", RECEIVERS, entry);
    }

    @ParameterizedTest
    @ValueSource(strings = {"privates", "superCall", "convertedAwaiting", "convertedReady", "argumentsAwaiting",
            "argumentsReady", "qualifiedStatic", "qualified", "lambdasLoaded", "lambdasFailed", "classBodiesLoaded",
            "classBodiesFailed"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertSameAsSync("demo.Priv", SOURCE, entry);
    }
}
