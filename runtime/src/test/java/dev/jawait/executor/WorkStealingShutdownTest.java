package dev.jawait.executor;

import static dev.jawait.executor.WorkStealingTestSupport.await;
import static dev.jawait.executor.WorkStealingTestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.WorkStealingTestSupport.Controlled;
import dev.jawait.task.JoinHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shutdown cancels queued, suspended and running tasks, leaves no queued task and no thread. */
class WorkStealingShutdownTest {

    private static void assertTerminated(WorkStealingExecutor ex) throws InterruptedException {
        assertTrue(ex.awaitTermination(10, TimeUnit.SECONDS), "terminated");
        assertTrue(ex.isTerminated());
        for (Thread t : ex.threads()) {
            assertFalse(t.isAlive(), t.getName() + " still alive");
        }
        assertEquals(0, ex.queuedTaskCount(), "tasks left in queues");
        assertEquals(0, ex.liveTaskCount(), "tasks never completed");
    }

    @Test
    @Timeout(20)
    void cancelsQueuedSuspendedAndRunningTasks() throws Exception {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);

        List<Controlled<String>> suspended = new ArrayList<>();
        List<JoinHandle<String>> suspendedHandles = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Controlled<String> f = new Controlled<>();
            suspended.add(f);
            suspendedHandles.add(ex.spawn(f));
        }
        for (Controlled<String> f : suspended) {
            await(f.firstPoll);
        }
        // A waker kept by "an event source" that fires after the executor is gone.
        Waker late = cloneWakerOf(suspendedHandles.get(0));

        List<Controlled<String>> running = new ArrayList<>();
        List<JoinHandle<String>> runningHandles = new ArrayList<>();
        CountDownLatch hold = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            Controlled<String> f = new Controlled<>();
            f.holdFirstPoll = hold;
            running.add(f);
            runningHandles.add(ex.spawn(f));
        }
        for (Controlled<String> f : running) {
            await(f.insideFirstPoll); // both workers are now stuck inside a poll
        }

        List<Controlled<String>> queued = new ArrayList<>();
        List<JoinHandle<String>> queuedHandles = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Controlled<String> f = new Controlled<>();
            queued.add(f);
            queuedHandles.add(ex.spawn(f));
        }

        ex.shutdown();
        ex.shutdown(); // idempotent
        assertTrue(ex.isShutdown());
        assertFalse(ex.isTerminated(), "two polls are still running");
        hold.countDown();
        assertTerminated(ex);

        for (Controlled<String> f : suspended) {
            assertEquals(1, f.cancels.get());
            assertEquals(1, f.polls());
        }
        for (Controlled<String> f : running) {
            assertEquals(1, f.cancels.get());
            assertEquals(1, f.polls());
        }
        for (Controlled<String> f : queued) {
            assertEquals(1, f.cancels.get());
            assertEquals(0, f.polls(), "a queued task was polled after shutdown");
        }
        List<JoinHandle<String>> all = new ArrayList<>(suspendedHandles);
        all.addAll(runningHandles);
        all.addAll(queuedHandles);
        for (JoinHandle<String> h : all) {
            assertTrue(h.isFinished());
            assertThrows(CancellationException.class, () -> Await.blockOn(h));
        }

        // A wake after termination finds a completed task: nothing is queued, nothing runs.
        late.wakeByRef();
        late.wake();
        assertEquals(0, ex.queuedTaskCount());
    }

    /** A counted waker of a task, as an event source would hold. */
    private static Waker cloneWakerOf(JoinHandle<String> h) {
        return ((WsJoinHandle<String>) h).taskObject().clone();
    }

    @Test
    @Timeout(10)
    void spawnAfterShutdownIsCancelledWithoutPolling() throws Exception {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);
        ex.shutdown();
        Controlled<String> f = new Controlled<>();
        JoinHandle<String> h = ex.spawn(f);
        assertThrows(CancellationException.class, () -> Await.blockOn(h));
        assertEquals(0, f.polls());
        assertEquals(1, f.cancels.get());
        Controlled<String> g = new Controlled<>();
        ex.spawnDetached(g);
        assertEquals(1, g.cancels.get());
        assertThrows(CancellationException.class, () -> ex.blockOn(Future.ready(1)));
        assertTerminated(ex);
    }

    @Test
    @Timeout(10)
    void idleExecutorTerminatesAndCloseIsIdempotent() throws Exception {
        WorkStealingExecutor ex = WorkStealingExecutor.create(3);
        assertEquals(3, ex.workerCount());
        assertEquals(7, ex.blockOn(Future.ready(7)));
        ex.close();
        assertTerminated(ex);
        ex.close();
        ex.shutdown();
    }

    @Test
    @Timeout(10)
    void shutdownFromInsideATask() throws Exception {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);
        Controlled<String> other = new Controlled<>();
        JoinHandle<String> otherHandle = ex.spawn(other);
        await(other.firstPoll);
        AtomicInteger polls = new AtomicInteger();
        JoinHandle<String> self = ex.spawn(cx -> {
            polls.incrementAndGet();
            ex.close(); // on a worker: shuts down without waiting for itself
            return Poll.pending();
        });
        assertTerminated(ex);
        assertThrows(CancellationException.class, () -> Await.blockOn(self));
        assertThrows(CancellationException.class, () -> Await.blockOn(otherHandle));
        assertEquals(1, polls.get());
    }

    /** Cancellation code that spawns and wakes other tasks during shutdown still terminates cleanly. */
    @Test
    @Timeout(20)
    void cancelHandlersThatSpawnAndWakeDuringShutdown() throws Exception {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);
        AtomicInteger rejected = new AtomicInteger();
        List<Waker> wakers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            AtomicReference<Waker> mine = new AtomicReference<>();
            ex.spawnDetached(new Future<Void>() {
                @Override
                public Poll<Void> poll(Context cx) {
                    if (mine.get() == null) {
                        mine.set(cx.waker().clone());
                    }
                    return Poll.pending();
                }

                @Override
                public void cancel() {
                    Controlled<String> child = new Controlled<>();
                    ex.spawn(child);
                    if (child.cancels.get() == 1) {
                        rejected.incrementAndGet();
                    }
                    mine.get().wakeByRef();
                    mine.get().drop();
                }
            });
            awaitTrue("polled", 5, () -> mine.get() != null);
            wakers.add(mine.get().clone());
        }
        // Foreign threads keep waking the tasks while the executor shuts down.
        Thread noise = new Thread(() -> {
            for (int round = 0; round < 50; round++) {
                for (Waker w : wakers) {
                    w.wakeByRef();
                }
                LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(100_000));
            }
        });
        noise.start();
        ex.shutdown();
        assertTerminated(ex);
        noise.join();
        assertEquals(200, rejected.get());
        assertEquals(0, ex.queuedTaskCount());
        wakers.forEach(Waker::drop);
    }
}
