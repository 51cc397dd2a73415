package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jawait.processor.testing.CompileAndRun;
import dev.jawait.processor.testing.Fx;
import dev.jawait.processor.testing.Recompiled;
import dev.jawait.processor.testing.CompileAndRun.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * An await inside a pattern {@code switch} (JDK 21+ syntax, compiled with {@code --release 21}):
 * type and record patterns, guards with side effects, {@code case null}, statement groups, switch
 * expressions, sealed exhaustiveness with its {@code MatchException} remainder, exceptions and an
 * awaited selector — each against the synchronous twin with futures that are ready, that suspend
 * and that complete on another thread (same result, failure and side-effect order).
 */
@Timeout(120)
@EnabledForJreRange(min = JRE.JAVA_21)
class PatternSwitchTest {

    static final String SOURCE = CompileAndRun.demoSource(
            "import java.util.function.Supplier;",
            "public class Pat {",
            "  sealed interface Shape permits Circle, Square, Rect {}",
            "  record Circle(int r) implements Shape {}",
            "  record Square(int side) implements Shape {}",
            "  record Point(int x, int y) {}",
            "  record Rect(Point a, Point b) implements Shape {}",
            "  record Pair(Shape first) {}",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static boolean g(String name, boolean result) { log(\"guard \" + name); return result; }",
            // type patterns; two cases reuse the name x with different types, both across awaits
            "  @Async static Future<String> typePatterns() {",
            "    StringBuilder out = new StringBuilder();",
            "    Object[] items = {\"str\", 42, 3.5, 12.5, 7L};",
            "    for (Object o : items) {",
            "      switch (o) {",
            "        case String x -> {",
            "          int n = await(v(\"len \" + x, x.length()));",
            "          Supplier<String> later = () -> x + \"!\";",
            "          out.append(x).append(n).append(later.get());",
            "        }",
            "        case Integer x -> { int d = await(v(\"dbl\", x * 2)); out.append(x + d); }",
            "        case Double d when d > 10 -> out.append(\"big \").append(await(v(\"d\", d)));",
            "        default -> out.append(\"other \").append(await(v(\"o\", o.toString())));",
            "      }",
            "      out.append(';');",
            "    }",
            "    return Future.ready(out.toString());",
            "  }",
            // nested record patterns, var components, a sealed switch statement without default
            "  @Async static Future<Integer> area(Shape s) {",
            "    int a;",
            "    switch (s) {",
            "      case Circle(int r) -> a = 3 * r * await(v(\"r\", r));",
            "      case Square(var side) -> { int k = await(v(\"side\", side)); a = k * side; }",
            "      case Rect(Point(int x1, int y1), Point(var x2, var y2)) -> {",
            "        int w = await(v(\"w\", x2 - x1));",
            "        log(\"rect \" + x1 + \",\" + y1 + \" \" + x2 + \",\" + y2);",
            "        a = w * (y2 - y1);",
            "      }",
            "    }",
            "    return Future.ready(a);",
            "  }",
            "  @Async static Future<String> records() {",
            "    String out = \"\";",
            "    for (Shape s : new Shape[] {new Circle(2), new Square(3), new Rect(new Point(1, 2), new Point(4, 6))}) {",
            "      out += await(area(s)) + \";\";",
            "    }",
            "    return Future.ready(out);",
            "  }",
            // guards with side effects (run in order, as often as in plain Java), case null, yield
            "  @Async static Future<String> guards() {",
            "    String out = \"\";",
            "    Object[] items = {\"a\", \"long string\", \"mid\", 7, -1, null};",
            "    for (Object o : items) {",
            "      String r = switch (o) {",
            "        case String s when g(\"short \" + s, s.length() < 3) -> \"short:\" + await(v(\"s\", s));",
            "        case String s when g(\"long \" + s, s.length() > 5) -> {",
            "          String t = await(v(\"l\", s.toUpperCase()));",
            "          yield t + s.length();",
            "        }",
            "        case Integer i when g(\"pos \" + i, i > 0) -> \"pos\" + await(v(\"i\", i));",
            "        case null -> \"null\" + await(v(\"n\", 0));",
            "        default -> \"other \" + o;",
            "      };",
            "      out += r + \"|\";",
            "    }",
            "    return Future.ready(out);",
            "  }",
            // old-style statement groups with patterns, falling into default
            "  @SuppressWarnings(\"fallthrough\")",
            "  @Async static Future<String> groups(Object o) {",
            "    String out = \"\";",
            "    switch (o) {",
            "      case Integer i when i > 100:",
            "        out += \"big\";",
            "        out += await(v(\"big\", i));",
            "        break;",
            "      case Integer i:",
            "        out += await(v(\"int\", i + 1));",
            "        break;",
            "      case String s:",
            "        log(\"string \" + s);",
            "        out += await(v(\"str\", s));",
            "      default:",
            "        out += \"!\";",
            "    }",
            "    return Future.ready(out);",
            "  }",
            "  @Async static Future<String> statementGroups() {",
            "    return Future.ready(await(groups(500)) + \" \" + await(groups(5)) + \" \" + await(groups(\"x\"))",
            "        + \" \" + await(groups(2.0)));",
            "  }",
            "  @Async static Future<String> nullWithoutCaseNull() {",
            "    log(\"start\");",
            "    return Future.ready(await(groups(null)));",
            "  }",
            // case null, default in a switch expression that is an operand
            "  @Async static Future<String> nullDefault(Object o) {",
            "    return Future.ready(\"<\" + switch (o) {",
            "      case String s -> s + await(v(\"s\", 1));",
            "      case null, default -> \"nd\" + await(v(\"nd\", String.valueOf(o)));",
            "    } + \">\");",
            "  }",
            "  @Async static Future<String> nullDefaults() {",
            "    return Future.ready(await(nullDefault(\"x\")) + await(nullDefault(null)) + await(nullDefault(4)));",
            "  }",
            // a switch expression initialising a local, yielding awaited values
            "  @Async static Future<Integer> yieldAwaited() {",
            "    int sum = 0;",
            "    for (Object o : new Object[] {5, \"four\", 'c'}) {",
            "      int n = switch (o) {",
            "        case Integer i -> await(v(\"i\", i));",
            "        case String s -> { log(\"s \" + s); yield await(v(\"len\", s.length())); }",
            "        default -> 0;",
            "      };",
            "      sum = sum * 10 + n;",
            "    }",
            "    return Future.ready(sum);",
            "  }",
            // an await in the selector; guards on the awaited value
            "  @Async static Future<String> awaitedSelector() {",
            "    String out = \"\";",
            "    for (int k = 0; k < 4; k++) {",
            "      Shape s = k == 0 ? new Circle(1) : k == 1 ? new Square(2) : k == 2 ? new Square(1)",
            "          : new Rect(new Point(0, 0), new Point(1, 1));",
            "      out += switch (await(v(\"sel\" + k, s))) {",
            "        case Circle c -> \"circle\" + c.r();",
            "        case Square sq when g(\"sq\" + sq.side(), sq.side() > 1) -> \"big square\";",
            "        case Square sq -> \"square\" + await(v(\"sq\", sq.side()));",
            "        case Rect r -> \"rect\" + await(v(\"r\", r.b().x()));",
            "      } + \";\";",
            "    }",
            "    return Future.ready(out);",
            "  }",
            // exceptions thrown in arms: caught around the switch, and escaping it
            "  @Async static Future<String> armThrows(Object o) {",
            "    try {",
            "      switch (o) {",
            "        case String s -> { await(v(\"before\", 1)); throw new IllegalStateException(\"arm \" + s); }",
            "        case Integer i -> { int k = await(Fx.<Integer>fail(new ArithmeticException(\"fail \" + i))); log(\"never \" + k); }",
            "        default -> log(\"default\");",
            "      }",
            "    } catch (IllegalStateException | ArithmeticException e) {",
            "      return Future.ready(\"caught \" + e.getMessage());",
            "    }",
            "    return Future.ready(\"none\");",
            "  }",
            "  @Async static Future<String> exceptions() {",
            "    return Future.ready(await(armThrows(\"a\")) + \"; \" + await(armThrows(3)) + \"; \" + await(armThrows(1.0)));",
            "  }",
            "  @Async static Future<String> escapes() {",
            "    Object o = \"e\";",
            "    switch (o) {",
            "      case String s -> throw new IllegalArgumentException(s + await(v(\"x\", \"!\")));",
            "      default -> log(\"no\");",
            "    }",
            "    return Future.ready(\"unreachable\");",
            "  }",
            // the remainder of an exhaustive switch: Pair(null) matches no case
            "  @Async static Future<String> remainder(Pair p) {",
            "    String r = switch (p) {",
            "      case Pair(Circle c) -> \"c\" + await(v(\"c\", c.r()));",
            "      case Pair(Square sq) -> \"s\" + await(v(\"sq\", sq.side()));",
            "      case Pair(Rect rc) -> \"r\";",
            "    };",
            "    return Future.ready(r);",
            "  }",
            "  @Async static Future<String> remainders() {",
            "    String ok = await(remainder(new Pair(new Square(4))));",
            "    log(ok);",
            "    return remainder(new Pair(null));",
            "  }",
            // enum constants beside case null; a guard reading a local that lives across awaits
            "  enum Color { RED, GREEN }",
            "  @Async static Future<String> enumsAndNull() {",
            "    String out = \"\";",
            "    int limit = await(v(\"limit\", 2));",
            "    for (Color c : new Color[] {Color.RED, null, Color.GREEN}) {",
            "      out += switch (c) {",
            "        case null -> \"none\" + await(v(\"n\", limit));",
            "        case RED -> \"red\" + await(v(\"r\", 1));",
            "        case GREEN -> \"green\";",
            "      };",
            "      Object o = out.length();",
            "      switch (o) {",
            "        case Integer n when g(\"n\" + n, n > limit * 4) -> out += \"+\" + await(v(\"big\", n));",
            "        default -> out += \",\";",
            "      }",
            "    }",
            "    return Future.ready(out);",
            "  }",
            // a pattern switch without an await, after one (printed as written)
            "  @Async static Future<String> plainAfterAwait() {",
            "    Object p = new Point(3, 4);",
            "    Object o = await(v(\"o\", p));",
            "    String r = switch (o) {",
            "      case Point(int x, int y) when x > y -> \"down\";",
            "      case Point(var x, var y) -> \"up\" + x + y;",
            "      case null, default -> \"?\";",
            "    };",
            "    return Future.ready(r);",
            "  }",
            "}");

    /** A sealed hierarchy and a machine switching over it, compiled together... */
    static final String SEALED_V1 = CompileAndRun.demoSource(
            "sealed interface S permits A, B {}",
            "record A(int v) implements S {}",
            "record B(int v) implements S {}",
            "public class Sep {",
            "  @Async static Future<String> name(S s) {",
            "    log(\"start\");",
            "    String r = switch (s) {",
            "      case A a -> \"a\" + await(Fx.value(\"a\", a.v()));",
            "      case B b -> \"b\";",
            "    };",
            "    return Future.ready(r);",
            "  }",
            "}");
    /** ...then the hierarchy alone, changed and recompiled: a C that the compiled switch has never seen. */
    static final String SEALED_V2 = String.join("\n", "package demo;",
            "sealed interface S permits A, B, C {}",
            "record A(int v) implements S {}",
            "record B(int v) implements S {}",
            "record C() implements S {}");

    /** Runs {@code Sep.name(new C())} from the machine (or its synchronous twin) built against V1. */
    private static Outcome nameOfANewSubclass(boolean twin, Fx.Mode mode) throws Exception {
        return Recompiled.run(CompileAndRun.RELEASE_21, "demo.Sep", SEALED_V1, "demo.S", SEALED_V2, twin, mode, "name",
                loader -> Recompiled.newInstance(loader, "demo.C"));
    }

    private static Outcome same(String entry) {
        return CompileAndRun.assertSameAsSync(CompileAndRun.RELEASE_21, "demo.Pat", SOURCE, entry);
    }

    @Test
    void typePatternBindingsAcrossAwaits() {
        assertEquals("str3str!;126;other 3.5;big 12.5;other 7;", same("typePatterns").value);
    }

    @Test
    void nestedRecordPatterns() {
        assertEquals("12;9;12;", same("records").value);
    }

    @Test
    void guardsRunInOrderAsOftenAsInJava() {
        Outcome o = same("guards");
        assertEquals("short:a|LONG STRING11|other mid|pos7|other -1|null0|", o.value);
        assertEquals(List.of("guard short a", "s", "guard short long string", "guard long long string", "l",
                "guard short mid", "guard long mid", "guard pos 7", "i", "guard pos -1", "n"), o.log);
    }

    @Test
    void statementGroupsFallingIntoDefault() {
        assertEquals("big500 6 x! !", same("statementGroups").value);
    }

    @Test
    void nullSelectorWithoutCaseNullThrowsNullPointerException() {
        Outcome o = same("nullWithoutCaseNull");
        assertNotNull(o.failure);
        assertEquals(NullPointerException.class, o.failure.getClass());
    }

    @Test
    void caseNullDefault() {
        assertEquals("<x1><ndnull><nd4>", same("nullDefaults").value);
    }

    @Test
    void switchExpressionYieldingAwaitedValues() {
        assertEquals(540, same("yieldAwaited").value);
    }

    @Test
    void awaitInTheSelector() {
        Outcome o = same("awaitedSelector");
        assertEquals("circle1;big square;square1;rect1;", o.value);
    }

    @Test
    void exceptionsInArms() {
        assertEquals("caught arm a; caught fail 3; none", same("exceptions").value);
        Outcome o = same("escapes");
        assertEquals(IllegalArgumentException.class, o.failure.getClass());
        assertEquals("e!", o.failure.getMessage());
    }

    @Test
    void remainderOfAnExhaustiveSwitchThrowsMatchException() {
        Outcome o = same("remainders");
        assertNotNull(o.failure);
        assertEquals("java.lang.MatchException", o.failure.getClass().getName());
        assertEquals(List.of("sq", "s4"), o.log);
    }

    @Test
    void enumConstantsBesideCaseNullAndGuardsReadingLocals() {
        assertEquals("red1,none2+10green+18", same("enumsAndNull").value);
    }

    @Test
    void remainderOfASealedHierarchyChangedAfterCompilation() throws Exception {
        Outcome reference = nameOfANewSubclass(true, Fx.Mode.READY);
        assertEquals("java.lang.MatchException", reference.failure.getClass().getName());
        for (Fx.Mode mode : Fx.Mode.values()) {
            Outcome o = nameOfANewSubclass(false, mode);
            assertEquals(reference.toString(), o.toString(), mode.toString());
            assertEquals(List.of("start"), o.log);
        }
    }

    @Test
    void plainPatternSwitchAfterAnAwait() {
        assertEquals("up34", same("plainAfterAwait").value);
    }
}
