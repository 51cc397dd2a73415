package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Outer.super.m()} in an {@code @Async} method of an inner class: the method of the
 * enclosing class's superclass on the enclosing instance, not the enclosing class's override
 * (JLS 15.12.1) — two levels out, with awaits in its arguments and around it, a generic
 * superclass, a protected method, and {@code Own.super.m()} naming the method's own class; and
 * the enclosing instance's private fields through {@code Outer.this.f} — against the synchronous
 * twin.
 */
@Timeout(120)
class OuterSuperTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "public class Outers {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static class Base<T> {",
            "    String name(String who) { log(\"Base.name \" + who); return \"base \" + who; }",
            "    protected T echo(T t) { log(\"Base.echo\"); return t; }",
            "  }",
            "  static class Outer extends Base<String> {",
            "    final String id;",
            "    private int hits = 1;",
            "    private String last = \"\";",
            "    Outer(String id) { this.id = id; }",
            "    @Override String name(String who) { log(\"Outer.name \" + who); return \"outer \" + id + \" \" + who; }",
            "    @Override protected String echo(String t) { return \"overridden\"; }",
            "    class Inner extends Base<Integer> {",
            "      @Override String name(String who) { return \"inner \" + who; }",
            "      @Async Future<String> run() {",
            "        String a = Outer.super.name(await(v(\"a\", \"ann\")));",
            "        String b = Outer.super.name(\"pre\") + await(v(\"b\", \"!\"));",
            "        Outer.super.name(\"statement\");",
            "        String c = Outer.super.echo(await(v(\"c\", \"echo\"))).toUpperCase();",
            "        String d = Inner.super.name(\"own\") + Inner.super.echo(await(v(\"d\", 4)));",
            // the enclosing instance's private fields, named through Outer.this
            "        Outer.this.hits += await(v(\"h\", 10));",
            "        Outer.this.hits++;",
            "        Outer.this.hits = Outer.this.hits * 2 + hits;",
            "        Outer.this.last += await(v(\"l\", \"L\"));",
            "        return Future.ready(a + \"/\" + b + \"/\" + c + \"/\" + d + \"/\" + name(\"x\") + \"/\" + Outer.this.name(\"y\")",
            "            + \"/\" + Outer.this.hits + last);",
            "      }",
            "      class Deeper {",
            "        @Async Future<String> deep() {",
            "          int k = await(v(\"k\", 2));",
            "          return Future.ready(Outer.super.name(\"deep\" + k) + \",\" + Inner.super.name(\"mid\" + k));",
            "        }",
            "      }",
            "    }",
            "  }",
            "  static Object fromInner() { return new Outer(\"o1\").new Inner().run(); }",
            "  static Object twoLevels() { return new Outer(\"o2\").new Inner().new Deeper().deep(); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"fromInner", "twoLevels"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertReturnsSameAsSync("demo.Outers", SOURCE, entry);
    }
}
