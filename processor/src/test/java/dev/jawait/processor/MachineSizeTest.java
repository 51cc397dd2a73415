package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.processor.testing.CompileAndRun;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A generated machine is no bigger than the same machine written by hand (issue 3): the base
 * class adds two fields, the state number (which also holds the lifecycle) and the awaited
 * child, which a hand-written machine has too. Measured with the thread's allocation counter,
 * so it holds for whatever object layout the JVM uses.
 */
@Timeout(60)
class MachineSizeTest {
    static final String SOURCE = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import dev.jawait.Context;",
            "import dev.jawait.Future;",
            "import dev.jawait.Futures;",
            "import dev.jawait.Poll;",
            "public class Sizes {",
            "  @Async static Future<Long> step(int i) {",
            "    await(Futures.yieldNow());",
            "    return Future.ready((long) i);",
            "  }",
            "  /** step(i) lowered by hand: the state, the awaited future, the parameter. */",
            "  static final class HandStep implements Future<Long> {",
            "    private final int i;",
            "    private int state;",
            "    private Future<Void> awaited;",
            "    HandStep(int i) { this.i = i; }",
            "    @Override public Poll<Long> poll(Context cx) {",
            "      if (state == 0) { awaited = Futures.yieldNow(); state = 1; }",
            "      if (awaited.poll(cx).isPending()) return Poll.pending();",
            "      awaited = null;",
            "      return Poll.ready((long) i);",
            "    }",
            "  }",
            "  static void fill(Object[] into, boolean generated) {",
            "    for (int k = 0; k < into.length; k++) into[k] = generated ? step(k) : new HandStep(k);",
            "  }",
            "}");

    @Test
    void aGeneratedMachineIsAsSmallAsAHandWrittenOne() throws Exception {
        Class<?> sizes = CompileAndRun.load(CompileAndRun.compile("demo.Sizes", SOURCE)).loadClass("demo.Sizes");
        Method fill = sizes.getDeclaredMethod("fill", Object[].class, boolean.class);
        fill.setAccessible(true);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Object[] into = new Object[10_000];
        fill.invoke(null, into, true);
        assertEquals("Sizes_step_Async", into[0].getClass().getSimpleName(), "step(i) is the machine itself");
        double generated = Double.MAX_VALUE;
        double hand = Double.MAX_VALUE;
        for (int attempt = 0; attempt < 5; attempt++) {
            for (boolean g : new boolean[] {true, false}) {
                long before = threads.getCurrentThreadAllocatedBytes();
                fill.invoke(null, into, g);
                double perMachine = (double) (threads.getCurrentThreadAllocatedBytes() - before) / into.length;
                if (g) {
                    generated = Math.min(generated, perMachine);
                } else {
                    hand = Math.min(hand, perMachine);
                }
            }
        }
        assertTrue(hand >= 16, "the hand-written machine measures " + hand + " B: the counter works");
        assertTrue(generated <= hand + 0.5, "generated machine: " + generated + " B, hand-written: " + hand + " B");
    }
}
