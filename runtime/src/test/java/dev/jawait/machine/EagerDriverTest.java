package dev.jawait.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EagerDriverTest {

    @Test
    void readyAtFirstPollCompletesBeforeStartReturns() {
        CompletableFuture<String> cf = EagerDriver.start(Future.ready("now"));
        assertTrue(cf.isDone());
        assertEquals("now", cf.join());
    }

    @Test
    void failureCompletesExceptionallyWithTheSameObject() {
        IOException boom = new IOException("boom");
        CompletableFuture<String> cf = EagerDriver.start(Future.failed(boom));
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, cf::join);
        assertSame(boom, e.getCause());
    }

    @Test
    void wakeDuringPollOnTheSameThreadPollsAgainWithoutRecursion() {
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger depth = new AtomicInteger();
        Future<Integer> f = cx -> {
            assertEquals(1, depth.incrementAndGet(), "poll re-entered");
            try {
                if (polls.incrementAndGet() < 1000) {
                    cx.waker().wakeByRef(); // woken while polling: owed one more poll
                    return Poll.pending();
                }
                return Poll.ready(polls.get());
            } finally {
                depth.decrementAndGet();
            }
        };
        assertEquals(1000, EagerDriver.start(f).join());
    }

    /** Many threads wake while polls run: never two polls at once, no lost wake, completes. */
    @Test
    void concurrentWakesNeverOverlapPolls() throws Exception {
        int target = 20_000;
        AtomicBoolean inPoll = new AtomicBoolean();
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicInteger polls = new AtomicInteger();
        AtomicReference<Waker> waker = new AtomicReference<>();
        Future<Integer> f = new Future<>() {
            @Override
            public Poll<Integer> poll(Context cx) {
                if (inPoll.getAndSet(true)) {
                    overlap.set(true);
                }
                try {
                    waker.set(cx.waker().clone());
                    int n = polls.incrementAndGet();
                    return n >= target ? Poll.ready(n) : Poll.pending();
                } finally {
                    inPoll.set(false);
                }
            }
        };
        CompletableFuture<Integer> cf = EagerDriver.start(f);
        List<Thread> wakers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                while (!cf.isDone()) {
                    Waker w = waker.get();
                    if (w != null) {
                        w.wakeByRef();
                    }
                }
            });
            t.start();
            wakers.add(t);
        }
        assertEquals(target, cf.get(20, TimeUnit.SECONDS));
        for (Thread t : wakers) {
            t.join();
        }
        assertFalse(overlap.get(), "two threads polled at once");
    }

    /** A cancel while another thread polls is handed to that thread: never cancel mid-poll. */
    @Test
    void cancelDuringAPollOnAnotherThreadIsDeferredToThePoller() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger polls = new AtomicInteger();
        AtomicBoolean inPoll = new AtomicBoolean();
        AtomicBoolean cancelledDuringPoll = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Waker> waker = new AtomicReference<>();
        Future<String> f = new Future<>() {
            @Override
            public Poll<String> poll(Context cx) {
                inPoll.set(true);
                try {
                    waker.set(cx.waker().clone());
                    if (polls.incrementAndGet() == 2) {
                        entered.countDown();
                        release.await();
                    }
                    return Poll.pending();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    inPoll.set(false);
                }
            }

            @Override
            public void cancel() {
                cancelledDuringPoll.set(inPoll.get());
                cancelled.set(true);
            }
        };
        CompletableFuture<String> cf = EagerDriver.start(f);
        Thread poller = new Thread(() -> waker.get().wake());
        poller.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertTrue(cf.cancel(false));
        assertFalse(cancelled.get(), "cancelled while another thread was polling");
        release.countDown();
        poller.join();
        assertTrue(cancelled.get());
        assertFalse(cancelledDuringPoll.get());
    }

    @Test
    void cancelCancelsTheSuspendedMachine() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Future<String> f = new Future<>() {
            @Override
            public Poll<String> poll(Context cx) {
                return Poll.pending();
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        };
        CompletableFuture<String> cf = EagerDriver.start(f);
        assertTrue(cf.cancel(false));
        assertTrue(cancelled.get());
        assertTrue(cf.isCancelled());
    }
}
