package dev.jawait.combinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.channel.Oneshot;
import dev.jawait.events.TestSupport.ManualTask;
import dev.jawait.events.TestSupport.Probe;
import dev.jawait.time.RealTimer;
import dev.jawait.time.Timer;
import dev.jawait.time.VirtualTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TaskScopeTest {

    @Test
    void theScopeWaitsForChildrenTheBodyNeverAwaited() {
        AtomicBoolean childDone = new AtomicBoolean();
        try (RealTimer timer = Timer.create()) {
            String result = Await.blockOn(TaskScope.run(scope -> {
                scope.fork(Combinators.map(timer.sleep(Duration.ofMillis(30)), v -> {
                    childDone.set(true);
                    return null;
                }));
                return Future.ready("body");
            }));
            assertEquals("body", result);
            assertTrue(childDone.get(), "the scope ended only after its child finished");
        }
    }

    @Test
    void theBodyAwaitsForkedChildrenThroughTheirHandles() {
        VirtualTimer timer = Timer.virtual();
        int sum = timer.blockOn(TaskScope.run(scope -> {
            ScopedTask<Integer> a = scope.fork(Combinators.map(timer.sleep(Duration.ofSeconds(2)), v -> 1));
            ScopedTask<Integer> b = scope.fork(Combinators.map(timer.sleep(Duration.ofSeconds(1)), v -> 2));
            return Combinators.map(Combinators.join(a, b), p -> p.first() + p.second());
        }));
        assertEquals(3, sum);
        assertEquals(Duration.ofSeconds(2), timer.now().since(dev.jawait.time.Deadline.ofNanos(0)));
    }

    @Test
    void aChildFailureCancelsTheBodyAndTheOtherChildren() {
        Probe<String> body = new Probe<>("body");
        Probe<Integer> sibling = new Probe<>("sibling");
        IllegalStateException boom = new IllegalStateException("child failed");
        Probe<Integer> failing = new Probe<>("failing");
        AtomicReference<ScopedTask<Integer>> siblingHandle = new AtomicReference<>();
        ManualTask<String> scope = new ManualTask<>(TaskScope.run(s -> {
            siblingHandle.set(s.fork(sibling));
            s.fork(failing);
            return body;
        }));
        assertFalse(scope.poll());
        failing.fail(boom);
        assertTrue(scope.poll());
        assertSame(boom, scope.failure());
        assertEquals(1, body.cancels.get());
        assertEquals(1, sibling.cancels.get());
        assertEquals(0, failing.cancels.get());
        ManualTask<Integer> h = new ManualTask<>(siblingHandle.get());
        assertTrue(h.poll());
        assertInstanceOf(CancellationException.class, h.failure(), "a cancelled child's handle says so");
    }

    @Test
    void aBodyFailureCancelsEveryChild() {
        List<Probe<Integer>> children = new ArrayList<>();
        RuntimeException boom = new RuntimeException("body failed");
        Probe<String> body = new Probe<>("body");
        ManualTask<String> scope = new ManualTask<>(TaskScope.run(s -> {
            for (int i = 0; i < 5; i++) {
                Probe<Integer> p = new Probe<>("c" + i);
                children.add(p);
                s.fork(p);
            }
            return body;
        }));
        assertFalse(scope.poll());
        body.fail(boom);
        assertTrue(scope.poll());
        assertSame(boom, scope.failure());
        children.forEach(c -> assertEquals(1, c.cancels.get(), c.toString()));
    }

    @Test
    void cancellingTheScopeCancelsTheBodyAndEveryChild() {
        Probe<String> body = new Probe<>("body");
        Probe<Integer> child = new Probe<>("child");
        ManualTask<String> scope = new ManualTask<>(TaskScope.run(s -> {
            s.fork(child);
            return body;
        }));
        assertFalse(scope.poll());
        scope.cancel();
        assertEquals(1, body.cancels.get());
        assertEquals(1, child.cancels.get());
    }

    @Test
    void abortingAChildCancelsOnlyThatChild() {
        Probe<Integer> doomed = new Probe<>("doomed");
        Oneshot<String> bodyDone = Oneshot.create();
        AtomicReference<ScopedTask<Integer>> handle = new AtomicReference<>();
        AtomicReference<TaskScope> scopeRef = new AtomicReference<>();
        ManualTask<String> scope = new ManualTask<>(TaskScope.run(s -> {
            scopeRef.set(s);
            handle.set(s.fork(doomed));
            return bodyDone.receiver();
        }));
        assertFalse(scope.poll());
        assertEquals(1, scopeRef.get().activeChildren());
        ManualTask<Integer> awaiting = new ManualTask<>(handle.get());
        assertFalse(awaiting.poll());
        handle.get().abort();
        assertTrue(scope.woken());
        assertFalse(scope.poll(), "an aborted child does not end or fail the scope");
        assertEquals(1, doomed.cancels.get());
        assertTrue(awaiting.woken());
        assertTrue(awaiting.poll());
        assertInstanceOf(CancellationException.class, awaiting.failure());
        assertEquals(0, scopeRef.get().activeChildren());
        bodyDone.sender().send("done");
        assertTrue(scope.poll());
        assertEquals("done", scope.value());
        assertThrows(IllegalStateException.class, () -> scopeRef.get().fork(Future.ready(1)),
                "no fork after the scope ended");
    }

    @Test
    void childrenForkedFromAnotherThreadAreRunAndAwaited() throws Exception {
        AtomicReference<TaskScope> scopeRef = new AtomicReference<>();
        Oneshot<String> bodyDone = Oneshot.create();
        AtomicInteger ran = new AtomicInteger();
        List<Oneshot<Integer>> releases = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            releases.add(Oneshot.create());
        }
        Thread helper = new Thread(() -> {
            while (scopeRef.get() == null) {
                Thread.onSpinWait();
            }
            for (Oneshot<Integer> r : releases) {
                scopeRef.get().fork(Combinators.map(r.receiver(), v -> ran.incrementAndGet()));
            }
            bodyDone.sender().send("body");
            for (Oneshot<Integer> r : releases) {
                r.sender().send(1);
            }
        });
        helper.start();
        String result = Await.blockOn(TaskScope.run(s -> {
            scopeRef.set(s);
            return bodyDone.receiver();
        }));
        helper.join();
        assertEquals("body", result);
        assertEquals(20, ran.get(), "every child forked before the body finished was waited for");
    }

    @Test
    void whenTheScopeEndsEveryChildHasFinishedOrBeenCancelled() throws Exception {
        for (int round = 0; round < 20; round++) {
            List<Probe<Integer>> children = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                children.add(new Probe<>("c" + i));
            }
            RuntimeException boom = new RuntimeException("one child fails");
            Thread completer = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int failAt = rnd.nextInt(children.size());
                for (int i = 0; i < children.size(); i++) {
                    if (i == failAt) {
                        children.get(i).fail(boom);
                    } else {
                        children.get(i).complete(i);
                    }
                    if (rnd.nextBoolean()) {
                        Thread.yield();
                    }
                }
            });
            Future<String> scope = TaskScope.run(s -> {
                children.forEach(s::fork);
                return Future.ready("body");
            });
            completer.start();
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> Await.blockOn(scope));
            assertSame(boom, thrown);
            completer.join();
            for (Probe<Integer> c : children) {
                // Each child was either seen to finish or cancelled (exactly once), never both
                // and never neither: nothing started in the scope outlives it.
                assertTrue(c.finished() ^ c.cancelled(), c + ": finished=" + c.finished()
                        + " cancels=" + c.cancels.get());
                assertTrue(c.cancels.get() <= 1, c + " cancelled twice");
            }
        }
    }

    @Test
    void onlyWokenChildrenArePolledAgainInAScope() {
        List<Probe<Integer>> children = new ArrayList<>();
        Probe<String> body = new Probe<>("body");
        ManualTask<String> scope = new ManualTask<>(TaskScope.run(s -> {
            for (int i = 0; i < 50; i++) {
                Probe<Integer> p = new Probe<>("c" + i);
                children.add(p);
                s.fork(p);
            }
            return body;
        }));
        assertFalse(scope.poll());
        assertFalse(scope.poll()); // not woken: nothing is polled again
        children.get(3).complete(3);
        assertFalse(scope.poll());
        for (int i = 0; i < children.size(); i++) {
            assertEquals(i == 3 ? 2 : 1, children.get(i).polls.get(), "c" + i);
        }
        assertEquals(1, body.polls.get());
        scope.cancel();
    }
}
