package dev.jawait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BlockOnTest {

    @Test
    void readyFutureCompletesAtOnce() {
        assertEquals(42, Await.blockOn(Future.ready(42)));
    }

    @Test
    void failedFutureThrowsCheckedFailureUnwrapped() {
        IOException boom = new IOException("boom");
        IOException thrown = assertThrows(IOException.class, () -> Await.blockOn(Future.failed(boom)));
        assertSame(boom, thrown);
    }

    @Test
    void wakeFromAnotherThreadResumesTheParkedCaller() {
        AtomicReference<Waker> stored = new AtomicReference<>();
        Future<String> suspendsOnce = new Future<>() {
            boolean woken;

            @Override
            public Poll<String> poll(Context cx) {
                if (woken) {
                    return Poll.ready("done");
                }
                woken = true;
                Waker w = cx.waker().clone();
                stored.set(w);
                new Thread(() -> {
                    sleepQuietly(20);
                    w.wake();
                }).start();
                return Poll.pending();
            }
        };
        assertEquals("done", Await.blockOn(suspendsOnce));
    }

    @Test
    void awaitOutsideRewrittenMethodExplainsTheMissingProcessor() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Await.await(Future.ready(1)));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().contains("annotation processor path"), e.getMessage());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
