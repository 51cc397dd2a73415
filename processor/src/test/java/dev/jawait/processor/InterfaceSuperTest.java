package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Iface.super.m()} in an {@code @Async} method: the default method of a direct
 * superinterface, not the class's override, called from a class and from a default method of a
 * sub-interface, with awaits in its arguments and around it, with a generic return type; and
 * {@code super.m()} of a class with an awaited argument — against the synchronous twin.
 */
@Timeout(120)
class InterfaceSuperTest {
    static final String SOURCE = CompileAndRun.demoSource(
            "public class Ifaces {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  interface Greeter {",
            "    default String greet(String who) { log(\"Greeter.greet \" + who); return \"hello \" + who; }",
            "  }",
            "  interface Loud extends Greeter {",
            "    @Override default String greet(String who) { log(\"Loud.greet \" + who); return Greeter.super.greet(who).toUpperCase(); }",
            "    @Async default Future<String> shout() {",
            "      String a = Greeter.super.greet(await(v(\"w\", \"bob\")));",
            "      String b = Greeter.super.greet(\"pre\") + await(v(\"after\", \"!\"));",
            "      Greeter.super.greet(\"statement\");",
            "      return Future.ready(a + \"/\" + b + \"/\" + greet(\"x\") + \"/\" + Greeter.super.greet(\"y\"));",
            "    }",
            "  }",
            "  interface Box<T> {",
            "    default T unbox(T t) { log(\"Box.unbox \" + t); return t; }",
            "  }",
            "  static class Impl implements Loud, Box<String> {",
            "    @Override public String greet(String who) { log(\"Impl.greet \" + who); return \"mine \" + who; }",
            "    @Override public String unbox(String t) { return \"override\"; }",
            "    @Async Future<String> run() {",
            "      String a = Loud.super.greet(await(v(\"a\", \"ann\")));",
            "      String b = Box.super.unbox(await(v(\"b\", \"bx\"))).toUpperCase();",
            "      String c = Box.super.unbox(\"c\") + await(v(\"c\", 1));",
            "      int len = Loud.super.greet(\"z\").length() + await(v(\"d\", 1));",
            "      Loud.super.greet(\"stmt\");",
            "      boolean same = super.equals(await(v(\"e\", this)));",
            "      return Future.ready(a + \",\" + b + \",\" + c + \",\" + len + \",\" + greet(\"me\") + \",\" + unbox(\"u\") + \",\" + same);",
            "    }",
            "  }",
            "  static Object fromClass() { return new Impl().run(); }",
            "  static Object fromInterface() { return new Impl().shout(); }",
            "  static Object fromAnonymous() { return new Loud() {}.shout(); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"fromClass", "fromInterface", "fromAnonymous"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertReturnsSameAsSync("demo.Ifaces", SOURCE, entry);
    }
}
