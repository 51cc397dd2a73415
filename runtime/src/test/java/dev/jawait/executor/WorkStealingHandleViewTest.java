package dev.jawait.executor;

import static dev.jawait.executor.WorkStealingTestSupport.await;
import static dev.jawait.executor.WorkStealingTestSupport.awaitTrue;
import static dev.jawait.executor.WorkStealingTestSupport.terminate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.WorkStealingTestSupport.Controlled;
import dev.jawait.executor.WorkStealingTestSupport.RecordingHandler;
import dev.jawait.task.JoinHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #2's work-stealing layout: the outcome lives in the pooled task object, the handle is a
 * small view holding a counted reference on it, and each worker polls with one context.
 */
class WorkStealingHandleViewTest {
    private final RecordingHandler handler = new RecordingHandler();

    private WorkStealingExecutor executor(int workers) {
        return WorkStealingExecutor.builder().workers(workers).unhandledFailureHandler(handler).build();
    }

    /** Records each poll's context and waker; pending on its first poll, ready on its second. */
    static final class Recording implements Future<String> {
        final List<Context> contexts = new CopyOnWriteArrayList<>();
        final List<Waker> wakers = new CopyOnWriteArrayList<>();

        @Override
        public Poll<String> poll(Context cx) {
            contexts.add(cx);
            wakers.add(cx.waker());
            if (contexts.size() == 1) {
                cx.waker().wakeByRef(); // a yield: polled again
                return Poll.pending();
            }
            return Poll.ready("done");
        }
    }

    @Test
    @Timeout(10)
    void aWorkerPointsItsOneContextAtEachTaskItPolls() {
        WorkStealingExecutor ex = executor(1);
        Recording a = new Recording();
        Recording b = new Recording();
        JoinHandle<String> ha = ex.spawn(a);
        JoinHandle<String> hb = ex.spawn(b);
        WsTask ta = ((WsJoinHandle<String>) ha).taskObject();
        WsTask tb = ((WsJoinHandle<String>) hb).taskObject();
        assertEquals("done", Await.blockOn(ha));
        assertEquals("done", Await.blockOn(hb));
        assertEquals(2, a.contexts.size());
        assertEquals(2, b.contexts.size());
        assertSame(a.contexts.get(0), b.contexts.get(0), "one context per worker");
        assertSame(a.contexts.get(0), a.contexts.get(1));
        assertSame(ta, a.wakers.get(0), "the context named the polled task");
        assertSame(ta, a.wakers.get(1));
        assertSame(tb, b.wakers.get(0));
        assertSame(tb, b.wakers.get(1));
        assertNotSame(ta, tb);
        terminate(ex);
    }

    /**
     * A handle cancelled while its task runs keeps its reference until the task finishes; then the
     * worker releases it, and the handle is stale: finished, abort a no-op, poll refused.
     */
    @Test
    @Timeout(10)
    void aCancelledHandleGivesItsObjectBackWhenTheTaskFinishes() {
        WorkStealingExecutor ex = executor(2);
        Controlled<String> f = new Controlled<>();
        JoinHandle<String> h = ex.spawn(f);
        WsTask object = ((WsJoinHandle<String>) h).taskObject();
        await(f.firstPoll);
        h.detach();
        assertFalse(h.isFinished());
        assertSame(object, ((WsJoinHandle<String>) h).taskObject(), "kept until the task finishes");
        f.complete("x");
        awaitTrue("released and recycled", 5, () -> object.isComplete() && object.referenceCount() == 0);
        assertNull(((WsJoinHandle<String>) h).taskObject());
        assertTrue(h.isFinished());
        h.abort();
        assertThrows(IllegalStateException.class, () -> h.poll(Context.of(Waker.noop())));
        assertEquals(0, f.cancels.get());
        terminate(ex);
        assertTrue(handler.failures.isEmpty());
    }

    @Test
    @Timeout(10)
    void aHandleCancelledAfterItsTaskFinishedReleasesTheObjectAtOnce() {
        WorkStealingExecutor ex = executor(1);
        JoinHandle<String> h = ex.spawn(Future.ready("x"));
        WsTask object = ((WsJoinHandle<String>) h).taskObject();
        // COMPLETE, not just finished: the handle sees the outcome a moment before the worker
        // gives up its running reference, in the same step that sets COMPLETE.
        awaitTrue("complete", 5, object::isComplete);
        assertEquals(1, object.referenceCount(), "only the handle's reference is left");
        h.cancel();
        assertEquals(0, object.referenceCount());
        assertNull(((WsJoinHandle<String>) h).taskObject());
        terminate(ex);
    }

    /**
     * The handle is dropped while its task is suspended; the task fails later. The handle was
     * reachable from the running task only, so once the task finished it is collected, and the
     * failure reported, exactly once.
     */
    @Test
    @Timeout(30)
    void theFailureOfATaskWhoseHandleWasDroppedWhileItRanIsReportedOnceCollected() {
        WorkStealingExecutor ex = executor(2);
        Controlled<String> f = new Controlled<>();
        ex.spawn(f); // handle dropped
        await(f.firstPoll);
        IOException boom = new IOException("late");
        f.fail(boom);
        awaitTrue("reported", 20, () -> {
            System.gc();
            // Workers report collected handles when they run out of work: give them some.
            Await.blockOn(ex.spawn(Future.ready(null)));
            return handler.failures.size() == 1;
        });
        terminate(ex);
        assertEquals(List.of(boom), handler.failures, "reported once");
        assertSame(f, handler.tasks.get(0), "named by the spawned future");
    }

    /**
     * Stale handles hammered from other threads while their objects are reused: abort() and
     * isFinished() of a handle whose task finished must never reach the object's new occupant.
     */
    @Test
    @Timeout(60)
    void staleHandlesAbortedConcurrentlyNeverCancelANewOccupant() throws Exception {
        WorkStealingExecutor ex = executor(2);
        AtomicReferenceArray<JoinHandle<Integer>> stale = new AtomicReferenceArray<>(32);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger staleNotFinished = new AtomicInteger();
        List<Thread> aborters = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    for (int i = 0; i < stale.length(); i++) {
                        JoinHandle<Integer> h = stale.get(i);
                        if (h != null) {
                            h.abort();
                            if (!h.isFinished()) {
                                staleNotFinished.incrementAndGet();
                            }
                        }
                    }
                }
            });
            t.start();
            aborters.add(t);
        }
        try {
            long deadline = System.nanoTime() + 3_000_000_000L;
            for (int round = 0; round < 5_000 && System.nanoTime() < deadline; round++) {
                List<JoinHandle<Integer>> handles = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    handles.add(ex.spawn(yieldOnceThen(round * 8 + i)));
                }
                for (int i = 0; i < handles.size(); i++) {
                    // A CancellationException here would be a stale abort that hit this task.
                    assertEquals(round * 8 + i, Await.blockOn(handles.get(i)));
                    stale.set((round * 8 + i) % stale.length(), handles.get(i));
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : aborters) {
                t.join();
            }
        }
        assertEquals(0, staleNotFinished.get(), "a handle whose outcome was taken is finished");
        terminate(ex);
        assertTrue(handler.failures.isEmpty(), handler.failures.toString());
    }

    /** Pending once (with a wake, so it is requeued), then ready with {@code value}. */
    private static Future<Integer> yieldOnceThen(int value) {
        return new Future<>() {
            private boolean yielded;

            @Override
            public Poll<Integer> poll(Context cx) {
                if (!yielded) {
                    yielded = true;
                    cx.waker().wakeByRef();
                    return Poll.pending();
                }
                return Poll.ready(value);
            }
        };
    }
}
