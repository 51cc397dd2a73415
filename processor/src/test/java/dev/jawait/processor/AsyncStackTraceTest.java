package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Waker;
import dev.jawait.processor.testing.CompileAndRun;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A machine's toString() is an async stack trace: method, source line, and what it awaits. */
@Timeout(60)
class AsyncStackTraceTest {
    static final String SOURCE = String.join("\n",
            "package demo;",                                                  // 1
            "import static dev.jawait.Await.await;",                          // 2
            "import dev.jawait.Async;",                                       // 3
            "import dev.jawait.Future;",                                      // 4
            "import dev.jawait.processor.testing.Fx;",                        // 5
            "public class Orders {",                                          // 6
            "  @Async static Future<Integer> total(int n) {",                 // 7
            "    int sum = await(Future.ready(1));",                          // 8
            "    sum += await(price(n));",                                    // 9
            "    return Future.ready(sum);",                                  // 10
            "  }",                                                            // 11
            "  @Async static Future<Integer> price(int n) {",                 // 12
            "    n = n + 1;",                                                  // 13
            "    int p = await(Fx.never());",                                 // 14
            "    return Future.ready(p * n);",                                // 15
            "  }",                                                            // 16
            "  static Object start() { return total(3); }",                   // 17
            "}");

    @Test
    void suspendedChainReadsLikeAStackTrace() throws Exception {
        Compilation c = CompileAndRun.compile("demo.Orders", SOURCE);
        Method start = CompileAndRun.load(c).loadClass("demo.Orders").getDeclaredMethod("start");
        start.setAccessible(true);
        @SuppressWarnings("unchecked")
        Future<Integer> total = (Future<Integer>) start.invoke(null);

        assertEquals("Orders.total(Orders.java:8) (not started)", total.toString());
        total.poll(Context.of(Waker.noop()));
        String trace = total.toString();
        String frames = "Orders.total(Orders.java:9) awaiting Orders.price(Orders.java:14) awaiting ";
        assertTrue(trace.startsWith(frames), trace);
        assertTrue(trace.substring(frames.length()).startsWith("dev.jawait.processor.testing.Fx"), trace);
        total.cancel();
        assertTrue(total.toString().startsWith("Orders.total(Orders.java:"), total.toString());
        assertTrue(total.toString().endsWith(" (done)"), total.toString());
    }
}
