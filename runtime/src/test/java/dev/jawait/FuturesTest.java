package dev.jawait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.LocalTestFutures;
import dev.jawait.executor.LocalTestFutures.Gate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Futures#toCompletableFuture} and {@link Futures#yieldNow()}. */
class FuturesTest {

    @Test
    @Timeout(10)
    void toCompletableFutureCompletesWithTheTasksValue() throws Exception {
        LocalExecutor exec = LocalExecutor.startOnNewThread("to-cf-value");
        try {
            Gate<Integer> gate = new Gate<>();
            CompletableFuture<Integer> cf = Futures.toCompletableFuture(gate, exec);
            Thread opener = new Thread(() -> gate.open(5));
            opener.start();
            assertEquals(5, cf.get(5, TimeUnit.SECONDS));
            opener.join();
        } finally {
            exec.close();
        }
    }

    @Test
    @Timeout(10)
    void toCompletableFutureKeepsTheFailureAndCountsItAsObserved() throws Exception {
        List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
        LocalExecutor exec = LocalExecutor.startOnNewThread("to-cf-failure", (task, f) -> reported.add(f));
        IOException boom = new IOException("boom");
        CompletableFuture<Object> cf;
        try {
            cf = Futures.toCompletableFuture(Future.failed(boom), exec);
            ExecutionException e = assertThrows(ExecutionException.class, () -> cf.get(5, TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
            assertSame(boom, assertThrows(CompletionException.class, cf::join).getCause());
        } finally {
            exec.close();
        }
        assertEquals(List.of(), reported, "the CompletableFuture carries the failure: not reported");
    }

    @Test
    @Timeout(10)
    void cancellingTheCompletableFutureAbortsTheTask() {
        LocalExecutor exec = LocalExecutor.startOnNewThread("to-cf-cancel");
        try {
            Gate<Integer> gate = new Gate<>();
            CompletableFuture<Integer> cf = Futures.toCompletableFuture(gate, exec);
            LocalTestFutures.awaitCount(gate.polls, 1);
            assertTrue(cf.cancel(true));
            LocalTestFutures.awaitCount(gate.cancels, 1);
            assertEquals(1, gate.polls.get());
        } finally {
            exec.close();
        }
    }

    @Test
    @Timeout(10)
    void anAbortedTaskCancelsTheCompletableFuture() {
        LocalExecutor exec = LocalExecutor.startOnNewThread("to-cf-aborted");
        Gate<Integer> gate = new Gate<>();
        CompletableFuture<Integer> cf = Futures.toCompletableFuture(gate, exec);
        LocalTestFutures.awaitCount(gate.polls, 1);
        exec.close(); // cancels the task
        assertTrue(cf.isCancelled());
        assertThrows(CancellationException.class, cf::join);
    }

    @Test
    @Timeout(10)
    void toCompletableFutureOnAnExecutorDrivenByBlockOn() {
        LocalExecutor exec = LocalExecutor.create();
        CompletableFuture<String> cf = Futures.toCompletableFuture(Future.ready("x"), exec);
        assertTrue(!cf.isDone(), "nothing runs until the executor does");
        exec.blockOn(LocalTestFutures.yields(1));
        assertEquals("x", cf.join());
    }

    @Test
    @Timeout(10)
    void yieldNowIsPendingOnceWakingItselfThenReady() {
        AtomicInteger wakes = new AtomicInteger();
        Context cx = Context.of(Waker.of(wakes::incrementAndGet));
        Future<Void> yield = Futures.yieldNow();
        assertTrue(yield.poll(cx).isPending());
        assertEquals(1, wakes.get());
        assertTrue(yield.poll(cx).isReady());
        assertThrows(IllegalStateException.class, () -> yield.poll(cx));
        assertEquals(1, wakes.get());
    }

    @Test
    @Timeout(10)
    void yieldNowLetsTheOtherScheduledTasksRunFirst() {
        LocalExecutor exec = LocalExecutor.create();
        List<String> order = new ArrayList<>();
        Future<Void> yield = Futures.yieldNow();
        exec.spawn(cx -> {
            if (yield.poll(cx).isPending()) {
                return Poll.pending();
            }
            order.add("yielder");
            return Poll.ready(null);
        });
        exec.spawn(cx -> {
            order.add("other");
            return Poll.ready(null);
        });
        exec.blockOn(LocalTestFutures.yields(2));
        assertEquals(List.of("other", "yielder"), order);
    }
}
