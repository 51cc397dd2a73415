package dev.jawait.executor;

import static dev.jawait.executor.LocalTestFutures.yields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Future;
import dev.jawait.Futures;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.LocalTestFutures.Gate;
import dev.jawait.executor.LocalTestFutures.Scripted;
import dev.jawait.task.JoinHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Single-threaded behaviour of {@link LocalExecutor}: scheduling, task ids, the slab. */
class LocalExecutorTest {

    @Test
    @Timeout(10)
    void blockOnReturnsTheValueOfMain() {
        LocalExecutor exec = LocalExecutor.create();
        assertEquals(42, exec.blockOn(Future.ready(42)));
        assertEquals(0, exec.taskCount());
    }

    @Test
    @Timeout(10)
    void blockOnRethrowsACheckedFailureUnwrapped() {
        LocalExecutor exec = LocalExecutor.create();
        IOException boom = new IOException("boom");
        IOException thrown = assertThrows(IOException.class, () -> exec.blockOn(Future.failed(boom)));
        assertSame(boom, thrown);
    }

    @Test
    @Timeout(10)
    void spawnedTasksRunWhileBlockOnDrivesMain() {
        LocalExecutor exec = LocalExecutor.create();
        List<JoinHandle<Integer>> handles = new ArrayList<>();
        Future<Integer> main = cx -> {
            if (handles.isEmpty()) {
                for (int i = 1; i <= 10; i++) {
                    handles.add(exec.spawn(mapAfterYield(i)));
                }
            }
            int sum = 0;
            for (JoinHandle<Integer> h : handles) {
                if (!h.isFinished()) {
                    h.poll(cx); // registers the waker
                    return Poll.pending();
                }
            }
            for (JoinHandle<Integer> h : handles) {
                sum += h.poll(cx).get();
            }
            return Poll.ready(sum);
        };
        assertEquals(55, exec.blockOn(main));
    }

    @Test
    @Timeout(10)
    void tasksStillPendingAfterBlockOnContinueInTheNextOne() {
        LocalExecutor exec = LocalExecutor.create();
        Gate<String> gate = new Gate<>();
        JoinHandle<String> handle = exec.spawn(gate);
        exec.blockOn(yields(3));
        assertEquals(1, gate.polls.get());
        assertEquals(1, exec.taskCount());
        gate.open("later"); // woken while no thread runs the executor: waits in the inbox
        assertEquals("later", exec.blockOn(handle));
        assertEquals(0, exec.taskCount());
    }

    @Test
    @Timeout(10)
    void aTaskWokenDuringItsOwnPollIsRequeuedBehindTheOthers() {
        LocalExecutor exec = LocalExecutor.create();
        List<String> order = new ArrayList<>();
        boolean[] inPoll = {false};
        int[] aPolls = {0};
        Future<Void> a = cx -> {
            if (inPoll[0]) {
                throw new AssertionError("polled re-entrantly");
            }
            inPoll[0] = true;
            try {
                aPolls[0]++;
                order.add("A" + aPolls[0]);
                if (aPolls[0] == 1) {
                    cx.waker().wakeByRef(); // during its own poll
                    cx.waker().wakeByRef(); // twice: still one poll owed
                    return Poll.pending();
                }
                return Poll.ready(null);
            } finally {
                inPoll[0] = false;
            }
        };
        Future<Void> b = cx -> {
            order.add("B");
            return Poll.ready(null);
        };
        Future<Void> main = cx -> {
            if (order.isEmpty()) {
                // Spawns run last in, first out: a first, then b.
                exec.spawn(b);
                exec.spawn(a);
                cx.waker().wakeByRef();
                return Poll.pending();
            }
            if (order.size() < 3) {
                cx.waker().wakeByRef();
                return Poll.pending();
            }
            return Poll.ready(null);
        };
        exec.blockOn(main);
        assertEquals(List.of("A1", "B", "A2"), order);
    }

    @Test
    @Timeout(10)
    void manyWakesOfAnIdleTaskOweExactlyOnePoll() {
        LocalExecutor exec = LocalExecutor.create();
        Gate<Void> target = new Gate<>();
        int[] step = {0};
        Future<Integer> main = cx -> {
            switch (step[0]++) {
                case 0:
                    exec.spawn(target);
                    cx.waker().wakeByRef();
                    return Poll.pending();
                case 1:
                    for (int i = 0; i < 1000; i++) {
                        target.wakeStored();
                    }
                    cx.waker().wakeByRef();
                    return Poll.pending();
                case 2:
                case 3:
                    cx.waker().wakeByRef();
                    return Poll.pending();
                default:
                    return Poll.ready(target.polls.get());
            }
        };
        assertEquals(2, exec.blockOn(main), "the first poll, then one for the 1000 wakes");
    }

    @Test
    @Timeout(10)
    void aStaleWakerNeverWakesTheNextOccupantOfItsSlot() throws Exception {
        LocalExecutor exec = LocalExecutor.create();
        Gate<Integer> first = new Gate<>();
        Gate<Integer> second = new Gate<>();
        AtomicReference<Waker> stale = new AtomicReference<>();
        int[] step = {0};
        Future<Integer> main = cx -> {
            switch (step[0]++) {
                case 0:
                    exec.spawn(first);
                    break;
                case 1: // first has been polled once and is suspended
                    stale.set(first.storedWaker());
                    first.open(1);
                    break;
                case 2: // first completed; its slot is the only free one
                    exec.spawn(second);
                    break;
                case 3:
                    assertEquals(
                            ((LocalTask<?>) stale.get()).slot(),
                            ((LocalTask<?>) second.storedWaker()).slot(),
                            "second must have reused first's slot for this test to mean anything");
                    assertNotEquals(((LocalTask<?>) stale.get()).generation(),
                            ((LocalTask<?>) second.storedWaker()).generation());
                    stale.get().wakeByRef(); // same thread
                    stale.get().wake();
                    break;
                case 4:
                    Thread t = new Thread(() -> stale.get().wakeByRef()); // another thread
                    t.start();
                    join(t);
                    break;
                default:
                    if (step[0] < 300) {
                        break; // keep yielding: the inbox is drained several times
                    }
                    return Poll.ready(second.polls.get());
            }
            cx.waker().wakeByRef();
            return Poll.pending();
        };
        assertEquals(1, exec.blockOn(main), "the stale wakes must not poll the new occupant");
        assertFalse(stale.get().willWake(second.storedWaker()));

        // Control: the occupant's own waker does poll it, so the assertion above can fail.
        second.wakeStored();
        exec.blockOn(yields(2));
        assertEquals(2, second.polls.get());
    }

    @Test
    @Timeout(10)
    void aWakeFromAnotherThreadStillInTheInboxWhenItsTaskEndsDoesNotWakeTheNextOccupant() throws Exception {
        LocalExecutor exec = LocalExecutor.create();
        Gate<Integer> first = new Gate<>();
        Gate<Integer> second = new Gate<>();
        AtomicReference<Waker> firstWaker = new AtomicReference<>();
        int[] step = {0};
        Future<Integer> main = cx -> {
            switch (step[0]++) {
                case 0:
                    exec.spawn(first);
                    break;
                case 1: // first is suspended: wake it from another thread, then finish it from here
                    firstWaker.set(first.storedWaker());
                    Thread t = new Thread(() -> firstWaker.get().wakeByRef());
                    t.start();
                    join(t);
                    first.open(1);
                    break;
                case 2: // first ended with its wake still in the inbox; second takes its slot
                    exec.spawn(second);
                    break;
                case 3: {
                    LocalTask<?> ended = (LocalTask<?>) firstWaker.get();
                    LocalTask<?> occupant = (LocalTask<?>) second.storedWaker();
                    assertTrue(ended.remoteWakePending(),
                            "the inbox must not have been drained yet for this test to mean anything");
                    assertEquals(ended.slot(), occupant.slot(), "second must have reused first's slot");
                    assertNotEquals(ended.generation(), occupant.generation());
                    break;
                }
                default:
                    if (step[0] < 300) {
                        break; // keep yielding: the inbox is drained several times
                    }
                    return Poll.ready(second.polls.get());
            }
            cx.waker().wakeByRef();
            return Poll.pending();
        };
        assertEquals(1, exec.blockOn(main), "the ended task's wake must not poll the slot's next occupant");
        assertEquals(2, first.polls.get(), "first: polled once to suspend, once to complete");

        // Control: a wake from another thread does reach the occupant, so the assertion above can fail.
        Thread t = new Thread(second::wakeStored);
        t.start();
        join(t);
        exec.blockOn(yields(2));
        assertEquals(2, second.polls.get());
    }

    @Test
    @Timeout(30)
    void aMillionSpawnsAndCompletionsDoNotGrowTheSlab() {
        LocalExecutor exec = LocalExecutor.create();
        int total = 1_000_000;
        int[] spawned = {0};
        int[] capacityAfterFirstBatches = {-1};
        Future<Integer> main = cx -> {
            for (int i = 0; i < 1000 && spawned[0] < total; i++) {
                exec.spawn(Future.ready(i)).detach();
                spawned[0]++;
            }
            if (spawned[0] == 10_000) {
                capacityAfterFirstBatches[0] = exec.slabCapacity();
            }
            if (spawned[0] == total && exec.taskCount() == 1) {
                return Poll.ready(spawned[0]);
            }
            cx.waker().wakeByRef();
            return Poll.pending();
        };
        assertEquals(total, exec.blockOn(main));
        assertEquals(0, exec.taskCount());
        assertTrue(exec.slabCapacity() <= 2048, "slab capacity " + exec.slabCapacity());
        assertEquals(capacityAfterFirstBatches[0], exec.slabCapacity());
    }

    @Test
    @Timeout(10)
    void taskCountCountsSlottedAndInboxSpawns() {
        LocalExecutor exec = LocalExecutor.create();
        Gate<Void> a = new Gate<>();
        Gate<Void> b = new Gate<>();
        exec.spawn(a);
        exec.spawn(b); // from a thread that is not running it: both wait in the inbox
        assertEquals(2, exec.taskCount());
        exec.blockOn(yields(1));
        assertEquals(2, exec.taskCount());
        a.open(null);
        b.open(null);
        exec.blockOn(yields(1));
        assertEquals(0, exec.taskCount());
    }

    @Test
    @Timeout(10)
    void blockOnFromInsideOneOfItsTasksIsRejected() {
        LocalExecutor exec = LocalExecutor.create();
        Future<Object> main = cx -> Poll.ready(exec.blockOn(Future.ready(1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> exec.blockOn(main));
        assertTrue(e.getMessage().contains("deadlock"), e.getMessage());
    }

    @Test
    @Timeout(10)
    void blockOnWhileAnotherThreadRunsTheExecutorIsRejected() throws Exception {
        LocalExecutor exec = LocalExecutor.create();
        Gate<String> gate = new Gate<>();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread runner = new Thread(() -> result.set(exec.blockOn(gate)));
        runner.start();
        while (gate.polls.get() == 0) {
            Thread.onSpinWait();
        }
        assertThrows(IllegalStateException.class, () -> exec.blockOn(Future.ready(1)));
        gate.open("done");
        runner.join();
        assertEquals("done", result.get());
        assertEquals(7, exec.blockOn(Future.ready(7)), "usable again once the runner left");
    }

    @Test
    @Timeout(10)
    void interruptingBlockOnCancelsMainAndKeepsTheInterruptStatus() throws Exception {
        LocalExecutor exec = LocalExecutor.create();
        Gate<String> gate = new Gate<>();
        Thread me = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            while (gate.polls.get() == 0) {
                Thread.onSpinWait();
            }
            me.interrupt();
        });
        interrupter.start();
        try {
            CancellationException e = assertThrows(CancellationException.class, () -> exec.blockOn(gate));
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
            interrupter.join();
        }
        assertEquals(1, gate.cancels.get());
        assertEquals(0, exec.taskCount());
    }

    @Test
    @Timeout(10)
    void aSelfWakingTaskDoesNotStarveTheOthers() {
        LocalExecutor exec = LocalExecutor.create();
        Scripted<Void> spinner = new Scripted<>(cx -> {
            cx.waker().wakeByRef();
            return Poll.pending();
        });
        JoinHandle<Void> spin = exec.spawn(spinner);
        Gate<Integer> gate = new Gate<>();
        JoinHandle<Integer> waiting = exec.spawn(gate);
        Future<Integer> main = cx -> {
            if (gate.polls.get() == 1) {
                gate.open(5); // woken while the spinner keeps requeueing itself
            }
            if (!waiting.isFinished()) {
                cx.waker().wakeByRef();
                return Poll.pending();
            }
            return waiting.poll(cx);
        };
        assertEquals(5, exec.blockOn(main));
        assertTrue(spinner.polls.get() < 100, "spinner polls " + spinner.polls.get());
        spin.abort();
        exec.blockOn(yields(1));
        assertEquals(1, spinner.cancels.get());
    }

    private static Future<Integer> mapAfterYield(int n) {
        Future<Void> yield = Futures.yieldNow();
        return cx -> yield.poll(cx).isReady() ? Poll.ready(n) : Poll.pending();
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
