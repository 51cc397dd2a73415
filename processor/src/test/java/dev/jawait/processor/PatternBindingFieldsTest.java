package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.processor.testing.CompileAndRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * A pattern switch with an await (JDK 21+ syntax, compiled with {@code --release 21}) gives
 * machine fields only to the pattern variables of cases whose code awaits; the others stay
 * locals of their case, so their types need not be writable in the generated class: a private
 * class of another class, a captured wildcard. Their cases break, yield, return, fall into
 * {@code default} and read them in guards — against the synchronous twin.
 */
@Timeout(120)
@EnabledForJreRange(min = JRE.JAVA_21)
class PatternBindingFieldsTest {

    static final String SOURCE = CompileAndRun.demoSource(
            "public class Bind {",
            "  static class Other {",
            "    private static final class Secret { @Override public String toString() { return \"secret\"; } }",
            "    record Holder(Secret s) {}",
            "    static Object make() { return new Holder(new Secret()); }",
            "  }",
            "  record Box<T>(T content) {}",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static boolean g(String name, boolean result) { log(\"guard \" + name); return result; }",
            // a private type and a captured wildcard bound in arms without awaits
            "  @Async static Future<String> undenotable() {",
            "    String out = \"\";",
            "    Object[] items = {Other.make(), new Box<>(\"inside\"), \"str\", new Box<>(7), 4};",
            "    for (Object o : items) {",
            "      out += switch (o) {",
            "        case Other.Holder(var s) -> \"holder \" + s;",
            "        case Box<?>(var c) when g(\"box \" + c, c instanceof String) -> \"box \" + c;",
            "        case Box<?>(var c) -> { log(\"other box \" + c); yield \"box?\"; }",
            "        case String s -> s + await(v(\"s\", s.length()));",
            "        default -> \"default\" + await(v(\"d\", 0));",
            "      } + \";\";",
            "    }",
            "    return Future.ready(out);",
            "  }",
            // statements: break, return and a statement group falling into default from such arms
            "  @SuppressWarnings(\"fallthrough\")",
            "  @Async static Future<String> statements(Object o) {",
            "    String out = \"<\";",
            "    switch (o) {",
            "      case Box<?>(var c) when c == null:",
            "        out += \"null box\";",
            "        break;",
            "      case Box<?>(var c):",
            "        if (c.equals(\"early\")) {",
            "          return Future.ready(\"early \" + c);",
            "        }",
            "        out += \"box \" + c;",
            "      default:",
            "        out += \"+default\" + await(v(\"d\", 1));",
            "    }",
            "    switch (o) {",
            "      case Other.Holder(var s) -> {",
            "        if (String.valueOf(s).isEmpty()) break;",
            "        out += \" holder \" + s;",
            "      }",
            "      case Integer i -> out += \" int \" + await(v(\"i\", i));",
            "      default -> out += \" other\";",
            "    }",
            "    return Future.ready(out + \">\");",
            "  }",
            "  @Async static Future<String> allStatements() {",
            "    return Future.ready(await(statements(new Box<>(null))) + await(statements(new Box<>(\"x\")))",
            "        + await(statements(new Box<>(\"early\"))) + await(statements(Other.make())) + await(statements(3)));",
            "  }",
            "}");

    private static CompileAndRun.Outcome same(String entry) {
        return CompileAndRun.assertSameAsSync(CompileAndRun.RELEASE_21, "demo.Bind", SOURCE, entry);
    }

    @Test
    void undenotableVariablesOfArmsWithoutAnAwaitStayLocals() {
        CompileAndRun.Outcome o = same("undenotable");
        assertEquals("holder secret;box inside;str3;box?;default0;", o.value);
        assertEquals(List.of("guard box inside", "s", "guard box 7", "other box 7", "d"), o.log);
    }

    @Test
    void breakReturnAndFallThroughFromSuchArms() {
        assertEquals("<null box other><box x+default1 other>early early<+default1 holder secret><+default1 int 3>",
                same("allStatements").value);
    }
}
