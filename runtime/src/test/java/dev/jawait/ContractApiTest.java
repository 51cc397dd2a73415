package dev.jawait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The contract API of DESIGN.md §1, used exactly as written there: external acceptance suites
 * compile against these names, so each is called here with its documented shape and behaviour.
 */
class ContractApiTest {

    @Test
    void asyncIsAClassRetainedMethodAnnotation() {
        assertEquals(RetentionPolicy.CLASS, Async.class.getAnnotation(Retention.class).value());
        assertTrue(java.util.Arrays.asList(Async.class.getAnnotation(Target.class).value())
                .equals(java.util.List.of(ElementType.METHOD)));
    }

    @Test
    void futureReadyAndFailed() {
        Context cx = Context.of(Waker.noop());
        Future<String> ready = Future.ready("v");
        Poll<String> p = ready.poll(cx);
        assertTrue(p.isReady());
        assertFalse(p.isPending());
        assertEquals("v", p.get());

        IOException boom = new IOException("boom");
        Future<String> failed = Future.failed(boom);
        assertSame(boom, assertThrows(IOException.class, () -> failed.poll(cx)));
    }

    @Test
    void pollPendingHasNoValue() {
        Poll<Integer> pending = Poll.pending();
        assertTrue(pending.isPending());
        assertFalse(pending.isReady());
        assertThrows(NoSuchElementException.class, pending::get);
        assertNull(Poll.ready(null).get());
    }

    @Test
    void contextHandsOutItsWaker() {
        Waker w = Waker.noop();
        assertSame(w, Context.of(w).waker());
    }

    @Test
    void wakerOperations() {
        AtomicInteger wakes = new AtomicInteger();
        Waker w = Waker.of(wakes::incrementAndGet);
        Waker copy = w.clone();
        assertTrue(w.willWake(copy));
        copy.wakeByRef();
        copy.wake();
        w.drop();
        assertEquals(2, wakes.get());
        assertFalse(w.willWake(Waker.noop()));
        Waker.noop().wake();
        Waker.noop().drop();
    }

    @Test
    void rawWakerRoutesEveryOperationThroughItsTable() {
        AtomicLong woken = new AtomicLong(-1);
        AtomicInteger clones = new AtomicInteger();
        AtomicInteger drops = new AtomicInteger();
        RawWakerVTable table = new RawWakerVTable() {
            @Override
            public long clone(long data) {
                clones.incrementAndGet();
                return data;
            }

            @Override
            public void wake(long data) {
                woken.set(data);
                drops.incrementAndGet();
            }

            @Override
            public void wakeByRef(long data) {
                woken.set(data);
            }

            @Override
            public void drop(long data) {
                drops.incrementAndGet();
            }
        };
        Waker w = Waker.fromRaw(42, table);
        Waker c = w.clone();
        assertEquals(1, clones.get());
        assertTrue(w.willWake(c));
        assertFalse(w.willWake(Waker.fromRaw(43, table)));
        c.wake();
        assertEquals(42, woken.get());
        w.drop();
        assertEquals(2, drops.get());
    }

    @Test
    void awaitSignaturesAndBlockOn() throws Exception {
        Method onFuture = Await.class.getMethod("await", Future.class);
        Method onStage = Await.class.getMethod("await", CompletionStage.class);
        Method blockOn = Await.class.getMethod("blockOn", Future.class);
        for (Method m : new Method[] {onFuture, onStage, blockOn}) {
            assertTrue(Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()), m.toString());
        }
        assertEquals(7, Await.blockOn(Future.ready(7)));
        assertThrows(IllegalStateException.class, () -> Await.await(CompletableFuture.completedFuture(1)));
    }

    @Test
    void contractTypesHaveTheirDeclaredShapes() {
        assertTrue(Future.class.isInterface());
        assertTrue(Modifier.isFinal(Poll.class.getModifiers()));
        assertTrue(Modifier.isFinal(Context.class.getModifiers()));
        assertTrue(Modifier.isAbstract(Waker.class.getModifiers()));
        assertTrue(Modifier.isFinal(Await.class.getModifiers()));
    }
}
