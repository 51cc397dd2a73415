package dev.jawait.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A mistake of the user's own inside an {@code @Async} body is reported once, on the user's line,
 * and not again inside the generated state machine (which copies the body).
 */
@Timeout(120)
class UserErrorsOnceTest {
    @Test
    void typeErrorReportedOnceOnUsersLine() {
        Src s = Src.of("TypeError",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    int x = await(f);",
                "    String s = x;",
                "    return Future.ready(x);",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "incompatible types: int cannot be converted to java.lang.String", "String s", "x;");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void unknownSymbolReportedOnceOnUsersLine() {
        Src s = Src.of("Unknown",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    int x = await(f);",
                "    return Future.ready(x + unknown(x));",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "cannot find symbol", "unknown(x)", "unknown");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void unknownTypeOfLocalReportedOnce() {
        Src s = Src.of("UnknownType",
                "  @Async static Future<Integer> m(Future<Integer> f) {",
                "    Missing y = null;",
                "    int x = await(f);",
                "    return Future.ready(x + y.hashCode());",
                "  }");
        Compilation c = s.compile();
        s.assertError(c, "cannot find symbol", "Missing y", "Missing");
        assertThat(c).hadErrorCount(1);
    }
}
