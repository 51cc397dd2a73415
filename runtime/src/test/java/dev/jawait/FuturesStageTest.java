package dev.jawait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.executor.LocalExecutor;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Futures#fromStage}: awaiting a {@link java.util.concurrent.CompletionStage}. */
class FuturesStageTest {

    @Test
    @Timeout(10)
    void aCompletedStageGivesItsValue() {
        assertEquals(3, Await.blockOn(Futures.fromStage(CompletableFuture.completedFuture(3))));
    }

    @Test
    @Timeout(10)
    void aCompletionExceptionWrapperIsRemoved() {
        IllegalArgumentException cause = new IllegalArgumentException("inner");
        CompletableFuture<Integer> wrapped = new CompletableFuture<>();
        wrapped.completeExceptionally(new CompletionException(cause));
        assertSame(cause, assertThrows(IllegalArgumentException.class,
                () -> Await.blockOn(Futures.fromStage(wrapped))));

        // A dependent stage wraps its source's failure in CompletionException: removed too.
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletableFuture<Integer> dependent = source.thenApply(x -> x + 1);
        source.completeExceptionally(cause);
        assertSame(cause, assertThrows(IllegalArgumentException.class,
                () -> Await.blockOn(Futures.fromStage(dependent))));
    }

    @Test
    @Timeout(10)
    void anExecutionExceptionWrapperIsRemoved() {
        IllegalStateException cause = new IllegalStateException("inner");
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        stage.completeExceptionally(new ExecutionException(cause));
        assertSame(cause, assertThrows(IllegalStateException.class,
                () -> Await.blockOn(Futures.fromStage(stage))));
    }

    @Test
    @Timeout(10)
    void aCheckedFailureIsThrownAsItIs() {
        IOException boom = new IOException("boom");
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        stage.completeExceptionally(boom);
        assertSame(boom, assertThrows(IOException.class, () -> Await.blockOn(Futures.fromStage(stage))));
        LocalExecutor exec = LocalExecutor.create();
        assertSame(boom, assertThrows(IOException.class, () -> exec.blockOn(Futures.fromStage(stage))));
    }

    @Test
    @Timeout(10)
    void aCancelledStageThrowsCancellationException() {
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        stage.cancel(false);
        assertThrows(CancellationException.class, () -> Await.blockOn(Futures.fromStage(stage)));
    }

    @Test
    @Timeout(10)
    void aStageCompletedFromAnotherThreadWakesTheParkedAwaiter() throws Exception {
        for (boolean useLocalExecutor : new boolean[] {false, true}) {
            CompletableFuture<String> stage = new CompletableFuture<>();
            Future<String> future = Futures.fromStage(stage);
            Thread completer = new Thread(() -> {
                sleep(20);
                stage.complete("late");
            });
            completer.start();
            String value = useLocalExecutor
                    ? LocalExecutor.create().blockOn(future)
                    : Await.blockOn(future);
            assertEquals("late", value);
            completer.join();
        }
    }

    @Test
    @Timeout(30)
    void aStageCompletedAtARandomMomentNeverLosesTheWake() throws Exception {
        int rounds = 10_000;
        AtomicReference<CompletableFuture<Integer>> handoff = new AtomicReference<>();
        Thread completer = new Thread(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < rounds; i++) {
                CompletableFuture<Integer> stage;
                for (int spins = 0; (stage = handoff.getAndSet(null)) == null; spins++) {
                    if ((spins & 127) == 127) {
                        Thread.yield();
                    }
                }
                int linger = random.nextInt(100);
                for (int s = 0; s < linger; s++) {
                    Thread.onSpinWait();
                }
                stage.complete(i);
            }
        });
        completer.start();
        LocalExecutor exec = LocalExecutor.create();
        for (int i = 0; i < rounds; i++) {
            CompletableFuture<Integer> stage = new CompletableFuture<>();
            handoff.set(stage);
            Future<Integer> future = Futures.fromStage(stage);
            int value = (i % 2 == 0) ? Await.blockOn(future) : exec.blockOn(future);
            assertEquals(i, value);
        }
        completer.join();
    }

    @Test
    @Timeout(10)
    void pollingAfterCompletionThrowsIllegalState() {
        Future<Integer> future = Futures.fromStage(CompletableFuture.completedFuture(1));
        Context cx = Context.of(Waker.noop());
        assertTrue(future.poll(cx).isReady());
        assertThrows(IllegalStateException.class, () -> future.poll(cx));
    }

    @Test
    @Timeout(10)
    void everyStoredWakerIsWokenOrDroppedExactlyOnce() {
        CountingWaker.Book book = new CountingWaker.Book();
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        Future<Integer> future = Futures.fromStage(stage);
        assertTrue(future.poll(Context.of(new CountingWaker(book))).isPending());
        assertTrue(future.poll(Context.of(new CountingWaker(book))).isPending()); // replaces the first
        assertEquals(2, book.clones.get());
        assertEquals(1, book.drops.get());
        stage.complete(5);
        assertEquals(1, book.wakes.get());
        assertEquals(5, future.poll(Context.of(new CountingWaker(book))).get());
        assertEquals(book.clones.get(), book.drops.get() + book.wakes.get(), "each clone used up once");

        CompletableFuture<Integer> never = new CompletableFuture<>();
        Future<Integer> abandoned = Futures.fromStage(never);
        CountingWaker.Book second = new CountingWaker.Book();
        assertTrue(abandoned.poll(Context.of(new CountingWaker(second))).isPending());
        abandoned.cancel();
        assertEquals(1, second.drops.get());
        never.complete(1); // the callback finds no waker: nothing woken after the drop
        assertEquals(0, second.wakes.get());
    }

    /** A waker whose clones are distinct objects, counting clones, wakes and drops. */
    static final class CountingWaker extends Waker {
        static final class Book {
            final AtomicInteger clones = new AtomicInteger();
            final AtomicInteger wakes = new AtomicInteger();
            final AtomicInteger drops = new AtomicInteger();
        }

        private final Book book;
        private boolean used;

        CountingWaker(Book book) {
            this.book = book;
        }

        @Override
        public Waker clone() {
            book.clones.incrementAndGet();
            return new CountingWaker(book);
        }

        @Override
        public void wakeByRef() {
            if (used) {
                throw new AssertionError("woken after it was used up");
            }
        }

        @Override
        public void wake() {
            wakeByRef();
            used = true;
            book.wakes.incrementAndGet();
        }

        @Override
        public void drop() {
            if (used) {
                throw new AssertionError("dropped twice, or dropped after wake()");
            }
            used = true;
            book.drops.incrementAndGet();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
