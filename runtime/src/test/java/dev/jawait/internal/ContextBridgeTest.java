package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jawait.Context;
import dev.jawait.Waker;
import org.junit.jupiter.api.Test;

/** The executors' reusable contexts: re-pointed between polls, each independent of the others. */
class ContextBridgeTest {

    @Test
    void aReusableContextStartsAtTheNoopWakerAndFollowsEachRepoint() {
        Context cx = ContextBridge.newReusable();
        assertSame(Waker.noop(), cx.waker());

        Waker first = Waker.of(() -> {});
        Waker second = Waker.of(() -> {});
        ContextBridge.repoint(cx, first);
        assertSame(first, cx.waker());
        ContextBridge.repoint(cx, second);
        assertSame(second, cx.waker());
    }

    @Test
    void reusableContextsDoNotShareTheirWaker() {
        Context a = ContextBridge.newReusable();
        Context b = ContextBridge.newReusable();
        Waker wa = Waker.of(() -> {});
        Waker wb = Waker.of(() -> {});

        ContextBridge.repoint(a, wa);
        ContextBridge.repoint(b, wb);

        assertSame(wa, a.waker());
        assertSame(wb, b.waker());
    }

    @Test
    void aContextMadeByOfKeepsItsWaker() {
        Waker fixed = Waker.of(() -> {});
        Context cx = Context.of(fixed);

        assertThrows(IllegalStateException.class, () -> ContextBridge.repoint(cx, Waker.noop()));
        assertSame(fixed, cx.waker());
    }
}
