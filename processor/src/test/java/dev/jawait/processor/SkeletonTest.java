package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SkeletonTest {
    static final String SOURCE = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.Fx;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Straight {",
            "  int base = 100;",
            "  @Async static Future<Integer> sum(int a) {",
            "    int x = await(Fx.value(\"first\", a));",
            "    Fx.log(\"x=\" + x);",
            "    String s = await(Fx.value(\"second\", \"s\"));",
            "    Fx.log(s + x);",
            "    return Future.ready(x + s.length());",
            "  }",
            "  @Async Future<Integer> plusBase(int a) {",
            "    int y = await(sum(a));",
            "    return Future.ready(base + y);",
            "  }",
            "  @Async CompletableFuture<String> eager(String p) {",
            "    Fx.log(\"eager start\");",
            "    String v = await(Fx.stage(p + \"!\"));",
            "    return CompletableFuture.completedFuture(v + await(Fx.value(\"x\")));",
            "  }",
            "  static Object runStatic() { return sum(41); }",
            "  static Object runInstance() { return new Straight().plusBase(1); }",
            "  static Object runEager() { return new Straight().eager(\"hi\"); }",
            "}");

    @Test
    void staticMethod() {
        CompileAndRun.Outcome o = CompileAndRun.assertSameAsSync("demo.Straight", SOURCE, "runStatic");
        assertEquals(42, o.value);
    }

    @Test
    void instanceMethod() {
        assertEquals(102, CompileAndRun.assertSameAsSync("demo.Straight", SOURCE, "runInstance").value);
    }

    @Test
    void eagerMethod() {
        assertEquals("hi!x", CompileAndRun.assertSameAsSync("demo.Straight", SOURCE, "runEager").value);
    }
}
