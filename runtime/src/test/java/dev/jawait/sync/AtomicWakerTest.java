package dev.jawait.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.CountingWaker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AtomicWakerTest {

    @Test
    void registerKeepsTheSameWakerAndWakeEmptiesTheSlot() {
        AtomicWaker slot = new AtomicWaker();
        CountingWaker w = new CountingWaker();
        slot.register(w);
        slot.register(w);
        assertEquals(0, w.drops.get(), "re-registering the same waker replaces nothing");
        CountingWaker other = new CountingWaker();
        slot.register(other);
        assertEquals(1, w.drops.get(), "the replaced waker is dropped");
        slot.wake();
        assertEquals(1, other.wakes());
        assertNull(slot.take());
        slot.wake(); // nothing stored: nothing happens
        assertEquals(1, other.wakes());
        slot.register(w);
        assertSame(w, slot.take());
    }

    /** A flag set by another thread; the consumer registers, then checks (the protocol). */
    private static final class Flag implements Future<Void> {
        final AtomicWaker waker = new AtomicWaker();
        volatile boolean set;

        @Override
        public Poll<Void> poll(Context cx) {
            waker.register(cx.waker());
            return set ? Poll.ready(null) : Poll.pending();
        }

        void raise() {
            set = true;
            waker.wake();
        }
    }

    @Test
    void aWakeRacingARegistrationIsNeverLost() throws Exception {
        int rounds = 20_000;
        Flag[] flags = new Flag[rounds];
        for (int i = 0; i < rounds; i++) {
            flags[i] = new Flag();
        }
        AtomicInteger started = new AtomicInteger(-1);
        TestSupport.runThreads(2, id -> {
            for (int i = 0; i < rounds; i++) {
                if (id == 0) {
                    started.set(i);
                    Await.blockOn(flags[i]); // hangs (and the test times out) if a wake is lost
                } else {
                    for (int spins = 0; started.get() < i; spins++) {
                        if (spins < 100) {
                            Thread.onSpinWait();
                        } else {
                            Thread.yield(); // on a loaded machine, let the other thread run
                        }
                    }
                    flags[i].raise();
                }
            }
        });
    }
}
