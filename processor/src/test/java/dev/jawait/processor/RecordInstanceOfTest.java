package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.processor.testing.CompileAndRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * A record pattern in {@code instanceof} (JDK 21+ syntax, compiled with {@code --release 21})
 * whose variables are used after an await: they live in the machine like other locals. Nested
 * patterns, components that match null or hold NaN, negated tests whose variables flow past the
 * {@code if}, an await in the other operand of {@code &&}, loops rebinding them — against the
 * synchronous twin with futures that are ready, that suspend and that complete on another thread.
 */
@Timeout(120)
@EnabledForJreRange(min = JRE.JAVA_21)
class RecordInstanceOfTest {

    static final String SOURCE = CompileAndRun.demoSource(
            "public class Rec {",
            "  record Point(int x, int y) {}",
            "  record Box(Object content) {}",
            "  record Line(Point from, Point to) {}",
            "  record Real(double d) {}",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  @Async static Future<String> point(Object o) {",
            "    if (o instanceof Point(int x, int y)) {",
            "      int k = await(v(\"k\", x * 10));",
            "      return Future.ready(\"point \" + (k + y) + \",\" + x + \",\" + y);",
            "    }",
            "    return Future.ready(\"no point \" + await(v(\"n\", String.valueOf(o))));",
            "  }",
            "  @Async static Future<String> points() {",
            "    return Future.ready(await(point(new Point(2, 3))) + \";\" + await(point(\"p\")) + \";\" + await(point(null)));",
            "  }",
            // nested patterns; a component that matches null; one variable kept, one not
            "  @Async static Future<String> nested(Object o) {",
            "    String out = \"\";",
            "    if (o instanceof Line(Point(var x1, int y1), Point to) && x1 > 0) {",
            "      log(\"y1 \" + y1);",
            "      out += await(v(\"a\", x1)) + \",\" + to + \",\" + x1;",
            "    }",
            "    if (o instanceof Box(Object c)) {",
            "      await(v(\"box\", 0));",
            "      out += \"box \" + c;",
            "    }",
            "    return Future.ready(out);",
            "  }",
            "  @Async static Future<String> nesteds() {",
            "    return Future.ready(await(nested(new Line(new Point(1, 2), new Point(3, 4)))) + \";\"",
            "        + await(nested(new Line(new Point(5, 2), null))) + \";\" + await(nested(new Box(null))) + \";\"",
            "        + await(nested(new Box(\"b\"))));",
            "  }",
            // a negated test: the variables are in scope after the if (JLS 6.3.2)
            "  @Async static Future<Double> negated(Object o) {",
            "    if (!(o instanceof Real(double d))) {",
            "      return Future.ready(-1.0);",
            "    }",
            "    double twice = await(v(\"t\", d * 2));",
            "    return Future.ready(twice + d);",
            "  }",
            "  @Async static Future<String> negateds() {",
            "    return Future.ready(await(negated(new Real(1.5))) + \",\" + await(negated(new Real(Double.NaN)))",
            "        + \",\" + await(negated(\"x\")));",
            "  }",
            // an await in the right operand of &&, the variables read after it; a loop rebinding them
            "  @Async static Future<String> conditionsAndLoops() {",
            "    String out = \"\";",
            "    Object[] items = {new Point(1, 5), new Point(-1, 6), \"s\", new Point(4, 7)};",
            "    for (Object o : items) {",
            "      if (o instanceof Point(int x, int y) && await(v(\"pos \" + x, x > 0))) {",
            "        out += x + \"/\" + await(v(\"y\", y)) + \" \";",
            "      } else {",
            "        out += \"skip \";",
            "      }",
            "    }",
            "    boolean b = items[0] instanceof Point(var px, var py) && px + py + await(v(\"sum\", 0)) == 6;",
            "    return Future.ready(out + b);",
            "  }",
            "}");

    private static CompileAndRun.Outcome same(String entry) {
        return CompileAndRun.assertSameAsSync(CompileAndRun.RELEASE_21, "demo.Rec", SOURCE, entry);
    }

    @Test
    void variablesOfARecordPatternUsedAfterAnAwait() {
        assertEquals("point 23,2,3;no point p;no point null", same("points").value);
    }

    @Test
    void nestedPatternsAndNullComponents() {
        CompileAndRun.Outcome o = same("nesteds");
        assertEquals("1,Point[x=3, y=4],1;5,null,5;box null;box b", o.value);
        assertEquals(List.of("y1 2", "a", "y1 2", "a", "box", "box"), o.log);
    }

    @Test
    void negatedTestKeepsItsVariablesAfterTheIf() {
        assertEquals("4.5,NaN,-1.0", same("negateds").value);
    }

    @Test
    void awaitInTheOtherOperandAndLoops() {
        CompileAndRun.Outcome o = same("conditionsAndLoops");
        assertEquals("1/5 skip skip 4/7 true", o.value);
        assertEquals(List.of("pos 1", "y", "pos -1", "pos 4", "y", "sum"), o.log);
    }
}
