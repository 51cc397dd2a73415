package dev.jawait.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The warnings, at their exact trees, and their suppression with {@code @SuppressWarnings("jawait")}. */
@Timeout(120)
class WarningsTest {
    @Test
    void discardedFutures() {
        Src s = Src.of("Discard",
                "  static Future<Integer> lazy() { return Future.ready(1); }",
                "  static CompletableFuture<Integer> eager() { return CompletableFuture.completedFuture(1); }",
                "  static int plain() { return 1; }",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    lazy();",
                "    Discard.eager();",
                "    plain();",
                "    int v = await(f);",
                "    return Future.ready(v);",
                "  }");
        Compilation c = s.compile();
        assertThat(c).succeeded();
        s.assertWarning(c, "the future returned by 'lazy' is discarded: a dev.jawait.Future is lazy, so its work never"
                + " runs; await it", "    lazy();", "lazy");
        s.assertWarning(c, "the future returned by 'eager' is discarded: its result and any failure are lost",
                "Discard.eager();", ".eager");
        assertThat(c).hadWarningCount(2);
    }

    @Test
    void ambiguousOverloadsAreNotGuessed() {
        Src s = Src.of("Overloads",
                "  static Future<Integer> over(int a) { return Future.ready(a); }",
                "  static int over(String a) { return 1; }",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    over(1);",
                "    return Future.ready(await(f));",
                "  }");
        Compilation c = s.compile();
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void lockHeldAcrossAwait() {
        Src s = Src.of("Locked",
                "  static final Lock lock = new ReentrantLock();",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    lock.lock();",
                "    try {",
                "      return Future.ready(await(f));",
                "    } finally {",
                "      lock.unlock();",
                "    }",
                "  }");
        Compilation c = s.compile();
        assertThat(c).succeeded();
        s.assertWarning(c, "lock 'lock' is held across the await on line " + s.line("return Future.ready(await")
                + " (unlocked on line " + s.line("lock.unlock") + ")", "lock.lock()", ".lock()");
        assertThat(c).hadWarningCount(1);
    }

    @Test
    void lockReleasedBeforeAwaitIsFine() {
        Src s = Src.of("Released",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    ReentrantLock l = new ReentrantLock();",
                "    l.lock();",
                "    l.unlock();",
                "    return Future.ready(await(f));",
                "  }");
        assertThat(s.compile()).succeededWithoutWarnings();
    }

    @Test
    void noAwait() {
        Src s = Src.of("NoAwait",
                "  @Async static Future<Integer> m() {",
                "    return Future.ready(1);",
                "  }");
        Compilation c = s.compile();
        assertThat(c).succeeded();
        s.assertWarning(c, "@Async method 'm' contains no await", "Future<Integer> m()", "m()");
        assertThat(c).hadWarningCount(1);
    }

    @Test
    void suppressedOnMethodOrClass() {
        Src s = Src.of("Quiet",
                "  static Future<Integer> lazy() { return Future.ready(1); }",
                "  @SuppressWarnings(\"jawait\") @Async static Future<Integer> m() {",
                "    lazy();",
                "    return Future.ready(1);",
                "  }",
                "  @SuppressWarnings({\"unchecked\", \"jawait\"})",
                "  static class Inner {",
                "    @Async static Future<Integer> n() { return Future.ready(2); }",
                "  }");
        Compilation c = s.compile();
        assertThat(c).succeededWithoutWarnings();
        Src.assertNoJawait(c, Diagnostic.Kind.WARNING);
    }
}
