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
            "  private final List<String> names = new ArrayList<>();",
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
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"privates", "superCall"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertSameAsSync("demo.Priv", SOURCE, entry);
    }
}
