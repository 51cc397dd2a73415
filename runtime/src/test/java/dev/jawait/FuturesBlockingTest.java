package dev.jawait;

import static dev.jawait.events.TestSupport.await;
import static dev.jawait.events.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.combinator.Combinators;
import dev.jawait.events.TestSupport.CountingWaker;
import dev.jawait.events.TestSupport.ManualTask;
import dev.jawait.executor.LocalExecutor;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Futures#blocking}: blocking work on another executor's thread, awaited without blocking. */
class FuturesBlockingTest {
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "blocking-pool");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "pool threads still running");
    }

    @Test
    @Timeout(10)
    void theValueComesFromACallOnTheGivenExecutorsThread() {
        AtomicReference<String> ranOn = new AtomicReference<>();
        Future<String> f = Futures.blocking(() -> {
            ranOn.set(Thread.currentThread().getName());
            return "rows";
        }, pool);
        assertEquals("rows", LocalExecutor.create().blockOn(f));
        assertEquals("blocking-pool", ranOn.get());
    }

    @Test
    @Timeout(10)
    void theExecutorKeepsPollingOtherTasksWhileTheCallBlocks() {
        // The call blocks until another task of the same single-thread executor releases it: that
        // can only happen if the call does not block the executor's thread.
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> blocked = Futures.blocking(() -> {
            assertTrue(release.await(10, TimeUnit.SECONDS), "never released");
            return 7;
        }, pool);
        Future<String> releaser = cx -> {
            release.countDown();
            return Poll.ready("released");
        };
        var both = LocalExecutor.create().blockOn(Combinators.join(blocked, releaser));
        assertEquals(7, both.first());
        assertEquals("released", both.second());
    }

    @Test
    @Timeout(10)
    void aCheckedFailureIsThrownAsItIs() {
        IOException boom = new IOException("disk");
        Future<Integer> f = Futures.blocking(() -> {
            throw boom;
        }, pool);
        assertSame(boom, assertThrows(IOException.class, () -> Await.blockOn(f)));
    }

    @Test
    @Timeout(10)
    void nothingIsSubmittedBeforeTheFirstPollAndOnlyOnceAfter() throws InterruptedException {
        AtomicInteger submitted = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        Executor counting = task -> {
            submitted.incrementAndGet();
            pool.execute(task);
        };
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> f = Futures.blocking(() -> {
            runs.incrementAndGet();
            assertTrue(release.await(10, TimeUnit.SECONDS), "never released");
            return 1;
        }, counting);
        assertEquals(0, submitted.get(), "lazy: created but not polled");

        ManualTask<Integer> task = new ManualTask<>(f);
        assertFalse(task.poll());
        assertFalse(task.poll());
        assertEquals(1, submitted.get(), "a second poll does not submit again");
        release.countDown();
        eventually("woken", task::woken);
        assertTrue(task.poll());
        assertEquals(1, task.value());
        assertEquals(1, runs.get());
    }

    @Test
    @Timeout(10)
    void cancelledBeforeTheFirstPollTheCallNeverRuns() {
        AtomicInteger submitted = new AtomicInteger();
        Future<Integer> f = Futures.blocking(() -> 1, task -> submitted.incrementAndGet());
        f.cancel();
        assertInstanceOf(IllegalStateException.class, new ManualTask<>(f).pollFailure());
        assertEquals(0, submitted.get());
    }

    @Test
    @Timeout(10)
    void cancelledWhileRunningTheCallIsInterruptedAndNobodyIsWoken() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<Integer> f = Futures.blocking(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
                return 1;
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }, pool);
        ManualTask<Integer> task = new ManualTask<>(f);
        assertFalse(task.poll());
        await(started);
        task.cancel();
        await(interrupted);
        assertEquals(0, task.waker.wakes(), "a cancelled call wakes nobody");
        assertEquals(1, task.waker.drops.get(), "the stored waker is dropped");
        assertInstanceOf(IllegalStateException.class, task.pollFailure());
    }

    @Test
    @Timeout(10)
    void aRejectedCallFailsTheAwaitWithTheRejection() {
        RejectedExecutionException full = new RejectedExecutionException("queue full");
        Future<Integer> f = Futures.blocking(() -> 1, task -> {
            throw full;
        });
        ManualTask<Integer> task = new ManualTask<>(f);
        assertSame(full, task.pollFailure());
        assertInstanceOf(IllegalStateException.class, task.pollFailure(), "finished after the rejection");
    }

    @Test
    @Timeout(10)
    void theLatestPollsWakerIsWokenAndTheEarlierOneDropped() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Future<String> f = Futures.blocking(() -> {
            assertTrue(release.await(10, TimeUnit.SECONDS), "never released");
            return "done";
        }, pool);
        CountingWaker first = new CountingWaker();
        CountingWaker second = new CountingWaker();
        assertTrue(f.poll(Context.of(first)).isPending());
        assertTrue(f.poll(Context.of(second)).isPending());
        assertEquals(1, first.drops.get(), "replaced, so dropped");
        release.countDown();
        eventually("second woken", () -> second.wakes() == 1);
        assertEquals(0, first.wakes());
        Poll<String> ready = f.poll(Context.of(second));
        assertEquals("done", ready.get());
        assertThrows(IllegalStateException.class, () -> f.poll(Context.of(second)));
    }

    @Test
    @Timeout(10)
    void aCallRunInlineByItsExecutorIsReadyAtTheFirstPoll() {
        CountingWaker waker = new CountingWaker();
        Poll<String> p = Futures.blocking(() -> "now", Runnable::run).poll(Context.of(waker));
        assertEquals("now", p.get());
        assertEquals(0, waker.wakes());
        assertEquals(0, waker.drops.get(), "no waker was stored");
    }

    @Test
    void itNamesItsCallAndStage() {
        Callable3 call = new Callable3();
        Future<Integer> f = Futures.blocking(call, Runnable::run);
        assertTrue(f.toString().contains("call-3") && f.toString().contains("not started"), f.toString());
        assertEquals(3, Await.blockOn(f));
        assertTrue(f.toString().contains("finished"), f.toString());
    }

    /** A call with a name of its own, for {@link #itNamesItsCallAndStage()}. */
    private static final class Callable3 implements Callable<Integer> {
        @Override
        public Integer call() {
            return 3;
        }

        @Override
        public String toString() {
            return "call-3";
        }
    }
}
