package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.JoinHandleTest.Recorder;
import dev.jawait.internal.Sneaky;
import dev.jawait.task.JoinHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the per-task objects of issue #2 must still do: one {@link Context} serves every poll of
 * the executor and names the polled task each time; the task's handle is its waker.
 */
class LocalContextReuseTest {

    /** Records, at each poll, the context and the waker it was polled with; pending until opened. */
    static final class Probe implements Future<String> {
        final String name;
        final List<Context> contexts = new ArrayList<>();
        final List<Waker> wakers = new ArrayList<>();
        Waker stored;
        boolean open;

        Probe(String name) {
            this.name = name;
        }

        @Override
        public Poll<String> poll(Context cx) {
            contexts.add(cx);
            wakers.add(cx.waker());
            if (open) {
                return Poll.ready(name);
            }
            stored = cx.waker().clone();
            return Poll.pending();
        }
    }

    @Test
    @Timeout(10)
    void oneContextIsPointedAtEachPolledTaskInTurn() {
        LocalExecutor exec = LocalExecutor.create();
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        Probe c = new Probe("c");
        List<JoinHandle<String>> handles = new ArrayList<>();
        exec.blockOn(cx -> {
            handles.add(exec.spawn(a));
            handles.add(exec.spawn(b));
            handles.add(exec.spawn(c));
            return Poll.ready(null);
        });
        exec.blockOn(Future.ready(null)); // each has been polled once and is suspended

        // Wake only b: exactly b is polled again, with the same context now naming b.
        b.stored.wakeByRef();
        exec.blockOn(Future.ready(null));
        assertEquals(1, a.contexts.size());
        assertEquals(2, b.contexts.size());
        assertEquals(1, c.contexts.size());
        assertSame(a.contexts.get(0), b.contexts.get(0), "one context for every task");
        assertSame(a.contexts.get(0), c.contexts.get(0));
        assertSame(b.contexts.get(0), b.contexts.get(1));
        // Each poll saw its own task's waker, which is the task's handle.
        assertSame(handles.get(0), a.wakers.get(0));
        assertSame(handles.get(1), b.wakers.get(0));
        assertSame(handles.get(1), b.wakers.get(1));
        assertSame(handles.get(2), c.wakers.get(0));
        assertNotSame(a.wakers.get(0), c.wakers.get(0));

        // A wake from another thread reaches the right task through the same objects.
        c.open = true;
        Thread t = new Thread(() -> c.stored.wake());
        t.start();
        join(t);
        exec.blockOn(Future.ready(null));
        assertEquals(1, a.contexts.size());
        assertEquals(2, c.contexts.size());
        assertTrue(handles.get(2).isFinished());
        assertEquals("c", exec.blockOn(handles.get(2)));
        exec.close();
    }

    /**
     * The context looks the polled task up by its slot at each call, so outside a poll it names no
     * task: a future that breaks the rule and keeps its context gets a no-op waker from it later,
     * never the waker of the task polled last (which it would then keep reachable), even while
     * that task is suspended in its slot.
     */
    @Test
    @Timeout(10)
    void betweenPollsTheContextNamesNoTask() throws Exception {
        LocalExecutor exec = LocalExecutor.startOnNewThread("context-probe");
        CompletableFuture<Context> kept = new CompletableFuture<>();
        AtomicReference<Waker> during = new AtomicReference<>();
        JoinHandle<String> handle = exec.spawn(cx -> {
            during.set(cx.waker());
            kept.complete(cx);
            return Poll.pending(); // suspended for good: the last task the executor polled
        });
        Context leaked = kept.get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 1000 && leaked.waker() != Waker.noop(); i++) {
            Thread.sleep(1); // the poll may still be returning on the executor thread
        }
        assertSame(handle, during.get(), "during its poll, the task's own waker");
        assertSame(Waker.noop(), leaked.waker(), "between polls, none");
        exec.close();
    }

    /**
     * The handle is the task and its waker: dropped while the task is suspended, it must still be
     * collected once the task failed and its waker was consumed, so that the failure is reported.
     */
    @Test
    @Timeout(30)
    void aFailureOfATaskWhoseHandleWasDroppedWhileSuspendedIsReportedOnceCollected() throws Exception {
        Recorder recorder = new Recorder();
        LocalExecutor exec = LocalExecutor.create(recorder);
        IOException boom = new IOException("late");
        AtomicBoolean fail = new AtomicBoolean();
        AtomicReference<Waker> eventSource = new AtomicReference<>();
        exec.spawn(cx -> {
            if (fail.get()) {
                throw Sneaky.<RuntimeException>sneak(boom); // a checked failure, unwrapped
            }
            eventSource.set(cx.waker().clone());
            return Poll.pending();
        }); // handle dropped
        exec.blockOn(Future.ready(null)); // polled once, suspended
        fail.set(true);
        eventSource.getAndSet(null).wake(); // the event source fires and forgets the waker
        for (int i = 0; i < 200 && recorder.failures.isEmpty(); i++) {
            exec.blockOn(Future.ready(null));
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(List.of(boom), recorder.failures);
        exec.close();
        assertEquals(1, recorder.failures.size(), "reported once");
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
