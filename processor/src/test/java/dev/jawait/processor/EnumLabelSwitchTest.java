package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.processor.testing.CompileAndRun;
import dev.jawait.processor.testing.CompileAndRun.Outcome;
import dev.jawait.processor.testing.Fx;
import dev.jawait.processor.testing.Recompiled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * A switch with an await whose labels are qualified enum constants over a sealed interface
 * (JDK 21+, no patterns): an enhanced switch, exhaustive without {@code default}. Its statement
 * and expression forms, with an awaited selector, against the synchronous twin; and, run
 * against a hierarchy changed after compilation (a new constant, a new subtype), the
 * {@code MatchException} that javac gives the source.
 */
@Timeout(120)
@EnabledForJreRange(min = JRE.JAVA_21)
class EnumLabelSwitchTest {
    /** The hierarchy shares the file of the class switching over it, so that it can change alone. */
    private static final List<String> AUXILIARY = List.of("--release", "21", "-Xlint:-auxiliaryclass");

    static final String SOURCE = CompileAndRun.demoSource(
            "sealed interface Op permits Basic, Ext {}",
            "enum Basic implements Op { ADD, SUB }",
            "enum Ext implements Op { MUL }",
            "public class Ops {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  @Async static Future<String> expression(Op op) {",
            "    log(\"start\");",
            "    String r = switch (op) {",
            "      case Basic.ADD -> \"add\" + await(v(\"add\", 1));",
            "      case Basic.SUB -> \"sub\";",
            "      case Ext.MUL -> { String m = await(v(\"mul\", \"mul\")); yield m + m; }",
            "    };",
            "    return Future.ready(r);",
            "  }",
            "  @Async static Future<String> statement(Op op) {",
            "    log(\"start\");",
            "    String r = \"\";",
            "    switch (await(v(\"op\", op))) {",
            "      case Basic.ADD, Basic.SUB -> r += \"basic\" + await(v(\"basic\", op));",
            "      case Ext.MUL -> r += \"ext\";",
            "    }",
            "    log(\"after\");",
            "    return Future.ready(r);",
            "  }",
            "  @Async static Future<String> all() {",
            "    String out = \"\";",
            "    for (Op op : new Op[] {Basic.ADD, Basic.SUB, Ext.MUL}) {",
            "      out += await(expression(op)) + \"/\" + await(statement(op)) + \";\";",
            "    }",
            "    return Future.ready(out);",
            "  }",
            "}");

    /** The hierarchy alone, changed: a constant and a subtype the compiled switches have never seen. */
    static final String CHANGED = String.join("\n", "package demo;",
            "sealed interface Op permits Basic, Ext, Fresh {}",
            "enum Basic implements Op { ADD, SUB, NEG }",
            "enum Ext implements Op { MUL }",
            "record Fresh() implements Op {}");

    @Test
    void qualifiedEnumConstantsOverASealedInterface() {
        assertEquals("add1/basicADD;sub/basicSUB;mulmul/ext;",
                CompileAndRun.assertSameAsSync(AUXILIARY, "demo.Ops", SOURCE, "all").value);
    }

    @Test
    void aConstantOrSubtypeAddedAfterCompilationThrowsMatchException() throws Exception {
        for (String entry : List.of("expression", "statement")) {
            for (String value : List.of("NEG", "Fresh")) {
                Outcome reference = unseen(entry, value, true, Fx.Mode.READY);
                assertEquals("java.lang.MatchException", reference.failure.getClass().getName(), entry + " " + value);
                for (Fx.Mode mode : Fx.Mode.values()) {
                    Outcome o = unseen(entry, value, false, mode);
                    assertEquals(reference.toString(), o.toString(), entry + " " + value + " " + mode);
                }
            }
        }
    }

    /** Calls {@code entry} of the machine (or its twin) compiled against the original hierarchy with {@code value}. */
    private static Outcome unseen(String entry, String value, boolean twin, Fx.Mode mode) throws Exception {
        return Recompiled.run(CompileAndRun.RELEASE_21, "demo.Ops", SOURCE, "demo.Op", CHANGED, twin, mode, entry, loader -> {
            try {
                if (value.equals("NEG")) {
                    java.lang.reflect.Field neg = loader.loadClass("demo.Basic").getField("NEG");
                    neg.setAccessible(true); // a package-private enum
                    return neg.get(null);
                }
                return Recompiled.newInstance(loader, "demo.Fresh");
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
