package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jawait.Context;
import dev.jawait.Waker;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The executors' contexts: each asks its own executor for the polled task's waker at every call. */
class ContextBridgeTest {

    @Test
    void aLookupContextHandsOutWhateverItsExecutorIsPollingNow() {
        AtomicReference<Waker> polling = new AtomicReference<>(Waker.noop());
        Context cx = ContextBridge.newLookup(polling::get);
        assertSame(Waker.noop(), cx.waker());

        Waker first = Waker.of(() -> {});
        Waker second = Waker.of(() -> {});
        polling.set(first);
        assertSame(first, cx.waker());
        polling.set(second);
        assertSame(second, cx.waker());
    }

    @Test
    void lookupContextsDoNotShareTheirWaker() {
        Waker wa = Waker.of(() -> {});
        Waker wb = Waker.of(() -> {});
        Context a = ContextBridge.newLookup(() -> wa);
        Context b = ContextBridge.newLookup(() -> wb);

        assertSame(wa, a.waker());
        assertSame(wb, b.waker());
    }

    @Test
    void aContextMadeByOfKeepsItsWakerAndALookupMustBeGiven() {
        Waker fixed = Waker.of(() -> {});
        Context cx = Context.of(fixed);

        assertSame(fixed, cx.waker());
        assertThrows(NullPointerException.class, () -> ContextBridge.newLookup(null));
    }
}
