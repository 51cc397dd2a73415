package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.processor.testing.CompileAndRun;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ready path of generated machines (issue 3): an await of an already-complete future
 * allocates nothing. Spilled primitives live in fields of their own type (no boxing), a compound
 * assignment to a local re-reads it unless its right-hand side assigns it, and an enhanced
 * {@code for} over an array indexes a typed array field (JLS 14.14.2) instead of iterating
 * reflectively. Each shape is also checked against its synchronous twin, suspending or not.
 */
@Timeout(120)
class ReadyPathTest {
    static final String SOURCE = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.processor.testing.Fx.log;",
            "import dev.jawait.Async;",
            "import dev.jawait.Context;",
            "import dev.jawait.Future;",
            "import dev.jawait.Waker;",
            "import dev.jawait.processor.testing.Fx;",
            "public class Ready {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static Future<Long> vl(String name, long value) { return Fx.value(name, value); }",
            "  static <T> T[] same(T[] xs) { return xs; }",
            "",
            "  @Async static Future<Long> forEach(Future<Long>[] fs) {",
            "    long sum = 0;",
            "    for (Future<Long> f : fs) {",
            "      sum += await(f);",
            "    }",
            "    return Future.ready(sum);",
            "  }",
            "  @Async static Future<Long> indexed(Future<Long>[] fs, int[] weights, long[] totals) {",
            "    long sum = 0;",
            "    for (int i = 0; i < fs.length; i++) {",
            "      sum = sum + weights[i] * await(fs[i]);",  // weights[i]: a spilled int
            "      totals[i % 2] += await(fs[i]);",           // index and old element: spilled int and long
            "    }",
            "    return Future.ready(sum + totals[0] + totals[1]);",
            "  }",
            "  @Async static Future<Long> primitiveArray(int[] weights, Future<Long> f) {",
            "    long sum = 0;",
            "    for (int w : weights) {",
            "      sum += w * await(f);",
            "    }",
            "    return Future.ready(sum);",
            "  }",
            "",
            "  public static final int N = 1000;",
            "  static final Context CX = Context.of(Waker.noop());",
            "  static Future<Long>[] readyFutures() {",
            "    @SuppressWarnings({\"unchecked\", \"rawtypes\"}) Future<Long>[] fs = new Future[N];",
            "    for (int i = 0; i < N; i++) fs[i] = Future.ready((long) i);",
            "    return fs;",
            "  }",
            "  static int[] ones() { int[] w = new int[N]; java.util.Arrays.fill(w, 1); return w; }",
            "  /** Runs each machine {@code times} times, polled once each (every await is ready). */",
            "  static long drive(Future<Long>[] fs, int[] w, int times) {",
            "    long check = 0;",
            "    Future<Long> one = fs[1];",
            "    for (int t = 0; t < times; t++) {",
            "      check += forEach(fs).poll(CX).get();",
            "      check += indexed(fs, w, new long[2]).poll(CX).get();",
            "      check += primitiveArray(w, one).poll(CX).get();",
            "    }",
            "    return check;",
            "  }",
            "",
            // Semantics of the same shapes, compared with the synchronous twin in every mode.
            "  @Async static Future<String> reassignedInRhs() {",
            "    int x = 1;",
            "    x += await(v(\"a\", (x = 10) + 1));",   // the old x (1) is used: 12, not 21
            "    byte b = 100;",
            "    b += await(v(\"b\", 100));",             // narrowing kept: -56
            "    char c = 'a';",
            "    c += await(v(\"c\", 1));",
            "    return Future.ready(x + \" \" + b + \" \" + c);",
            "  }",
            "  @Async static Future<String> arrayEvaluatedOnce() {",
            "    int[] a = {1, 2, 3};",
            "    long sum = 0;",
            "    for (int e : a) {",
            "      a = new int[] {100};",
            "      sum += e * await(v(\"e\" + e, 10L));",
            "    }",
            "    return Future.ready(sum + \" \" + a.length);",
            "  }",
            "  @Async static Future<String> breakAndContinue() {",
            "    StringBuilder out = new StringBuilder();",
            "    outer:",
            "    for (String s : new String[] {\"a\", \"skip\", \"b\", \"stop\", \"c\"}) {",
            "      if (s.equals(\"skip\")) continue;",
            "      for (char ch : s.toCharArray()) {",
            "        if (ch == 's') break outer;",
            "        out.append(await(v(s, ch)));",
            "      }",
            "    }",
            "    return Future.ready(out.toString());",
            "  }",
            "  @Async static Future<String> genericArrayFallsBackToIterator() {",
            "    String out = \"\";",
            "    for (String s : same(new String[] {\"x\", \"y\"})) {",
            "      out += await(v(s, s.toUpperCase()));",
            "    }",
            "    return Future.ready(out);",
            "  }",
            "  @Async static Future<String> spilledOperands() {",
            "    int[] w = {3, 4};",
            "    int i = 0;",
            "    long r = w[i] * await(vl(\"a\", 5L)) + w[i + 1] * await(vl(\"b\", 6L));",
            "    double d = 1.5 * i + w[0] / 2.0 + await(v(\"c\", 0.25));",
            "    boolean z = w[0] > 2 && await(v(\"d\", true));",
            "    return Future.ready(r + \" \" + d + \" \" + z);",
            "  }",
            "  static Object reassignedInRhsEntry() { return reassignedInRhs(); }",
            "  static Object arrayEvaluatedOnceEntry() { return arrayEvaluatedOnce(); }",
            "  static Object breakAndContinueEntry() { return breakAndContinue(); }",
            "  static Object genericArrayEntry() { return genericArrayFallsBackToIterator(); }",
            "  static Object spilledOperandsEntry() { return spilledOperands(); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"reassignedInRhsEntry", "arrayEvaluatedOnceEntry", "breakAndContinueEntry",
            "genericArrayEntry", "spilledOperandsEntry"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertSameAsSync("demo.Ready", SOURCE, entry);
    }

    /**
     * Bytes allocated per ready await, measured with the thread's allocation counter over many
     * runs. Each run allocates its machine and its result (about 100 B for 1,000 awaits); a box or
     * an iterator per await would add 16 B or more per await. Interpreted and C1-compiled code
     * already allocates nothing per await, so no warm-up is needed for a correct machine; the
     * loop only gives a noisy start a few more tries.
     */
    @Test
    void aReadyAwaitAllocatesNothing() throws Exception {
        ClassLoader loader = CompileAndRun.load(CompileAndRun.compile("demo.Ready", SOURCE));
        Class<?> ready = loader.loadClass("demo.Ready");
        Method futures = ready.getDeclaredMethod("readyFutures");
        Method ones = ready.getDeclaredMethod("ones");
        Method drive = ready.getDeclaredMethod("drive", futures.getReturnType(), int[].class, int.class);
        futures.setAccessible(true);
        ones.setAccessible(true);
        drive.setAccessible(true);
        Object fs = futures.invoke(null);
        Object w = ones.invoke(null);
        int n = (int) ready.getDeclaredField("N").get(null);
        long perRun = (long) n * (n - 1) / 2 // forEach
                + 2L * n * (n - 1) / 2 // indexed: sum + both totals
                + n; // primitiveArray: n * 1
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int times = 50;
        long awaitsPerBatch = (long) times * (n + 2L * n + n);
        double best = Double.MAX_VALUE;
        for (int attempt = 0; attempt < 20 && best >= 1.0; attempt++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            long check = (long) drive.invoke(null, fs, w, times);
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(perRun * times, check);
            best = Math.min(best, (double) bytes / awaitsPerBatch);
        }
        assertTrue(best < 1.0, "a ready await allocates " + best + " B (expected none)");
    }
}
