package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.processor.testing.CompileAndRun;
import dev.jawait.processor.testing.Fx;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** lowering.md §8 "Lifecycle": completion, re-entrancy, cancellation, stack depth, field clearing. */
@Timeout(120)
class LifecycleTest {
    static final String SOURCE = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.processor.testing.Fx.log;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.Fx;",
            "import java.util.concurrent.CancellationException;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.function.Supplier;",
            "public class Life {",
            "  @Async public static Future<Integer> simple(Future<Integer> f) {",
            "    return Future.ready(await(f) + 1);",
            "  }",
            "  @Async public static Future<Integer> fromStage(java.util.concurrent.CompletionStage<Integer> stage) {",
            "    return Future.ready(await(stage) + 1);",
            "  }",
            "  @Async public static Future<String> cancellable(Future<String> child) {",
            "    try {",
            "      log(\"try\");",
            "      try {",
            "        return Future.ready(await(child));",
            "      } catch (CancellationException e) {",
            "        log(\"caught \" + e.getClass().getSimpleName());",
            "        throw e;",
            "      } finally {",
            "        log(\"inner finally\");",
            "      }",
            "    } finally {",
            "      log(\"outer finally\");",
            "      try { await(Future.ready(1)); } catch (CancellationException e) { log(\"await in finally throws\"); }",
            "    }",
            "  }",
            "  static final class Res implements AutoCloseable {",
            "    final String name;",
            "    Res(String name) { this.name = name; }",
            "    @Override public void close() { log(\"close \" + name); }",
            "  }",
            "  @Async public static Future<String> cancelInResources(Future<String> child) {",
            "    try (Res a = new Res(\"a\"); Res b = new Res(\"b\")) {",
            "      return Future.ready(a.name + b.name + await(child));",
            "    }",
            "  }",
            "  @Async public static Future<String> cancelInCatch(Future<String> child) {",
            "    try {",
            "      throw new IllegalStateException(\"x\");",
            "    } catch (IllegalStateException e) {",
            "      try { return Future.ready(await(child)); }",
            "      finally { log(\"finally of catch\"); }",
            "    }",
            "  }",
            "  @Async public static Future<String> cancelInFinallyThatAwaits(Future<String> first, Future<String> second) {",
            "    try {",
            "      return Future.ready(await(first));",
            "    } finally {",
            "      log(\"finally start\");",
            "      try { log(\"second \" + await(second)); }",
            "      catch (CancellationException e) { log(\"second cancelled\"); }",
            "      log(\"finally end\");",
            "    }",
            "  }",
            "  @Async public static Future<Integer> manyReadyAwaits(int n) {",
            "    int sum = 0;",
            "    for (int i = 0; i < n; i++) { sum += await(Future.ready(1)); }",
            "    return Future.ready(sum);",
            "  }",
            "  @Async public static Future<Integer> deepRecursion(int n) {",
            "    return Future.ready(n == 0 ? 0 : await(deepRecursion(n - 1)) + 1);",
            "  }",
            "  @Async public static Future<String> holdsThenDrops(Supplier<Object> big, Future<String> never) {",
            "    {",
            "      Object held = await(Future.ready(big.get()));",
            "      log(\"held \" + (held != null));",
            "    }",
            "    return Future.ready(await(never));",
            "  }",
            "  @Async public static CompletableFuture<String> eager(Future<String> child) {",
            "    log(\"eager start\");",
            "    try {",
            "      String s = await(child);",
            "      log(\"resumed on \" + (Thread.currentThread().getName().startsWith(\"waker\") ? \"waker\" : \"other\"));",
            "      return CompletableFuture.completedFuture(s);",
            "    } finally {",
            "      log(\"eager finally\");",
            "    }",
            "  }",
            "}");

    static ClassLoader loader;
    static Class<?> life;

    @BeforeAll
    static void compile() throws Exception {
        loader = CompileAndRun.load(CompileAndRun.compile("demo.Life", SOURCE));
        life = loader.loadClass("demo.Life");
    }

    @SuppressWarnings("unchecked")
    static <T> T call(String name, Object... args) throws Exception {
        for (Method m : life.getMethods()) {
            if (m.getName().equals(name)) {
                return (T) m.invoke(null, args);
            }
        }
        throw new NoSuchMethodException(name);
    }

    static final Context NOOP = Context.of(Waker.noop());

    /** A child that stays pending until {@link #complete}; records its waker and cancellation. */
    static final class Manual<T> implements Future<T> {
        volatile Waker waker;
        volatile boolean done;
        T value;
        volatile boolean cancelled;

        @Override
        public Poll<T> poll(Context cx) {
            if (done) {
                return Poll.ready(value);
            }
            waker = cx.waker().clone();
            return Poll.pending();
        }

        void complete(T v) {
            value = v;
            done = true;
            waker.wake();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Test
    void pollAfterCompletionThrows() throws Exception {
        Future<Integer> f = call("simple", Future.ready(41));
        assertEquals(42, f.poll(NOOP).get());
        assertThrows(IllegalStateException.class, () -> f.poll(NOOP));
    }

    @Test
    void pollAfterFailureThrowsIllegalState() throws Exception {
        Future<Integer> f = call("simple", Future.<Integer>failed(new ArithmeticException("x")));
        assertThrows(ArithmeticException.class, () -> f.poll(NOOP));
        assertThrows(IllegalStateException.class, () -> f.poll(NOOP));
    }

    @Test
    void awaitOfNullFailsWithANullPointerExceptionThatSaysSo() throws Exception {
        for (Future<Integer> f : List.<Future<Integer>>of(call("simple", (Object) null), call("fromStage", (Object) null))) {
            NullPointerException e = assertThrows(NullPointerException.class, () -> f.poll(NOOP));
            assertEquals("await(null)", e.getMessage());
            assertTrue(f.toString().endsWith("(done)"), f.toString());
            assertThrows(IllegalStateException.class, () -> f.poll(NOOP));
        }
    }

    @Test
    void reentrantPollFromWakerIsAnError() throws Exception {
        AtomicReference<Future<Integer>> self = new AtomicReference<>();
        AtomicReference<Throwable> inner = new AtomicReference<>();
        Future<Integer> child = cx -> {
            cx.waker().wakeByRef();
            return Poll.pending();
        };
        Waker pollsAgain = Waker.of(() -> {
            try {
                self.get().poll(NOOP);
            } catch (Throwable t) {
                inner.set(t);
            }
        });
        Future<Integer> f = call("simple", child);
        self.set(f);
        assertTrue(f.poll(Context.of(pollsAgain)).isPending());
        assertInstanceOf(IllegalStateException.class, inner.get());
    }

    @Test
    void cancelWhileSuspendedRunsCatchAndFinallyAndCancelsChild() throws Exception {
        Fx.takeLog();
        Manual<String> child = new Manual<>();
        Future<String> f = call("cancellable", child);
        assertTrue(f.poll(NOOP).isPending());
        f.cancel();
        assertTrue(child.cancelled, "the awaited child is cancelled first");
        assertEquals(List.of("try", "caught CancellationException", "inner finally", "outer finally",
                "await in finally throws"), Fx.takeLog());
        assertThrows(IllegalStateException.class, () -> f.poll(NOOP));
        f.cancel(); // after completion: no-op
    }

    /** A child that cancels the machine awaiting it from inside its poll, then is ready or pending. */
    static final class CancelsItsParent implements Future<String> {
        final AtomicReference<Future<String>> parent = new AtomicReference<>();
        final boolean ready;
        volatile boolean cancelled;

        CancelsItsParent(boolean ready) {
            this.ready = ready;
        }

        @Override
        public Poll<String> poll(Context cx) {
            parent.get().cancel();
            parent.get().cancel(); // a second cancel while the first is pending changes nothing
            return ready ? Poll.ready("v") : Poll.pending();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Test
    void cancelFromInsideThePollFailsTheNextAwaitAndCancelsThePendingChild() throws Exception {
        Fx.takeLog();
        CancelsItsParent child = new CancelsItsParent(false);
        Future<String> f = call("cancellable", child);
        child.parent.set(f);
        assertTrue(f.poll(NOOP).isPending(), "the child it was polling is pending: the machine suspends");
        assertFalse(child.cancelled, "not cancelled while its own poll runs");
        assertEquals(List.of("try"), Fx.takeLog());
        f.cancel(); // idle, cancellation pending: no-op until the next poll
        assertFalse(child.cancelled);
        assertThrows(CancellationException.class, () -> f.poll(NOOP));
        assertTrue(child.cancelled, "the next poll cancels the child it was awaiting");
        assertEquals(List.of("caught CancellationException", "inner finally", "outer finally",
                "await in finally throws"), Fx.takeLog());
        assertThrows(IllegalStateException.class, () -> f.poll(NOOP));
    }

    @Test
    void cancelFromInsideThePollOfAChildThatIsReadyFailsTheNextAwait() throws Exception {
        Fx.takeLog();
        CancelsItsParent child = new CancelsItsParent(true);
        Future<String> f = call("cancellable", child);
        child.parent.set(f);
        assertEquals("v", f.poll(NOOP).get(), "the ready child's value returns; the await in finally fails");
        assertFalse(child.cancelled, "a ready child is not cancelled");
        assertEquals(List.of("try", "inner finally", "outer finally", "await in finally throws"), Fx.takeLog());
        assertTrue(f.toString().endsWith(" (done)"), f.toString());
    }

    @Test
    void cancelInsideTryWithResourcesClosesInReverseOrder() throws Exception {
        Fx.takeLog();
        Manual<String> child = new Manual<>();
        Future<String> f = call("cancelInResources", child);
        assertTrue(f.poll(NOOP).isPending());
        f.cancel();
        assertTrue(child.cancelled);
        assertEquals(List.of("close b", "close a"), Fx.takeLog());
    }

    @Test
    void cancelInsideCatchRunsItsFinally() throws Exception {
        Fx.takeLog();
        Manual<String> child = new Manual<>();
        Future<String> f = call("cancelInCatch", child);
        assertTrue(f.poll(NOOP).isPending());
        f.cancel();
        assertEquals(List.of("finally of catch"), Fx.takeLog());
    }

    @Test
    void cancelWhileSuspendedInAFinallyThatAwaitsAgain() throws Exception {
        Fx.takeLog();
        Manual<String> first = new Manual<>();
        Manual<String> second = new Manual<>();
        Future<String> f = call("cancelInFinallyThatAwaits", first, second);
        assertTrue(f.poll(NOOP).isPending());
        first.complete("one");
        assertTrue(f.poll(NOOP).isPending(), "suspended on the await inside finally");
        assertEquals(List.of("finally start"), Fx.takeLog());
        f.cancel();
        assertTrue(second.cancelled);
        assertEquals(List.of("second cancelled", "finally end"), Fx.takeLog());
    }

    @Test
    void cancelBeforeFirstPollRunsNothing() throws Exception {
        Fx.takeLog();
        Manual<String> child = new Manual<>();
        Future<String> f = call("cancellable", child);
        f.cancel();
        assertEquals(List.of(), Fx.takeLog());
        assertThrows(IllegalStateException.class, () -> f.poll(NOOP));
    }

    @Test
    void cancelAfterCompletionIsNoOp() throws Exception {
        Fx.takeLog();
        Future<String> f = call("cancellable", Future.ready("v"));
        assertEquals("v", f.poll(NOOP).get());
        Fx.takeLog();
        f.cancel();
        assertEquals(List.of(), Fx.takeLog());
    }

    @Test
    void longLoopOfReadyAwaitsDoesNotGrowTheStack() throws Throwable {
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(Await.blockOn(call("manyReadyAwaits", 100_000)));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        assertEquals(100_000, result.get());
    }

    @Test
    void deepSynchronousRecursionCompletes() throws Exception {
        assertEquals(Integer.valueOf(500), Await.<Integer>blockOn(call("deepRecursion", 500)));
    }

    @Test
    void hoistedReferenceIsClearedWhenItsScopeEnds() throws Exception {
        Fx.takeLog();
        AtomicReference<WeakReference<Object>> ref = new AtomicReference<>();
        java.util.function.Supplier<Object> big = () -> {
            Object o = new byte[1 << 20];
            ref.set(new WeakReference<>(o));
            return o;
        };
        Manual<String> never = new Manual<>();
        Future<String> f = call("holdsThenDrops", big, never);
        assertTrue(f.poll(NOOP).isPending());
        for (int i = 0; i < 50 && ref.get().get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get().get(), "the machine still references a local whose scope has ended");
        assertTrue(f.poll(NOOP).isPending()); // keeps the machine reachable until here
    }

    @Test
    void eagerRunsInlineThenOnTheWakingThread() throws Exception {
        Fx.takeLog();
        Manual<String> child = new Manual<>();
        CompletableFuture<String> cf = call("eager", child);
        assertEquals(List.of("eager start"), Fx.takeLog(), "ran inline up to the first suspension");
        Thread waker = new Thread(() -> child.complete("v"), "waker-thread");
        waker.start();
        waker.join();
        assertEquals("v", cf.join());
        assertEquals(List.of("resumed on waker", "eager finally"), Fx.takeLog());
    }

    @Test
    void cancellingTheEagerFutureCancelsTheMachine() throws Exception {
        Fx.takeLog();
        Manual<String> child = new Manual<>();
        CompletableFuture<String> cf = call("eager", child);
        Fx.takeLog();
        assertTrue(cf.cancel(false));
        assertTrue(child.cancelled);
        assertEquals(List.of("eager finally"), Fx.takeLog());
        assertThrows(CancellationException.class, cf::join);
    }
}
