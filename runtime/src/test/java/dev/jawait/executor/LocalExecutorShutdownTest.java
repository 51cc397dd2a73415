package dev.jawait.executor;

import static dev.jawait.executor.LocalTestFutures.await;
import static dev.jawait.executor.LocalTestFutures.awaitCount;
import static dev.jawait.executor.LocalTestFutures.yields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.executor.LocalTestFutures.Gate;
import dev.jawait.executor.LocalTestFutures.Scripted;
import dev.jawait.task.JoinHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shutdown of {@link LocalExecutor}: every task cancelled, no thread left, late spawns refused. */
class LocalExecutorShutdownTest {

    @Test
    @Timeout(10)
    void closeCancelsEveryPendingTaskAndLeavesNoThread() throws Exception {
        String name = "shutdown-no-thread-left";
        LocalExecutor exec = LocalExecutor.startOnNewThread(name);
        Thread thread = findThread(name);
        assertNotNull(thread);
        List<Gate<Integer>> gates = new ArrayList<>();
        List<JoinHandle<Integer>> handles = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Gate<Integer> gate = new Gate<>();
            gates.add(gate);
            handles.add(exec.spawn(gate));
        }
        Gate<Integer> spawnedInside = new Gate<>();
        exec.spawn(cx -> {
            exec.spawn(spawnedInside); // spawned on the executor thread
            return Poll.ready(null);
        });
        for (Gate<Integer> gate : gates) {
            awaitCount(gate.polls, 1);
        }
        awaitCount(spawnedInside.polls, 1);
        assertEquals(101, exec.taskCount());

        exec.close();

        assertTrue(exec.isTerminated());
        assertFalse(thread.isAlive(), "the executor thread has ended");
        assertEquals(0, exec.taskCount());
        for (int i = 0; i < gates.size(); i++) {
            assertEquals(1, gates.get(i).cancels.get());
            assertTrue(handles.get(i).isFinished());
            JoinHandle<Integer> handle = handles.get(i);
            assertThrows(CancellationException.class, () -> Await.blockOn(handle));
        }
        assertEquals(1, spawnedInside.cancels.get());
    }

    @Test
    @Timeout(10)
    void closeCancelsSpawnsStillWaitingInTheInbox() {
        LocalExecutor exec = LocalExecutor.create();
        List<Scripted<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Scripted<String> task = new Scripted<>(cx -> Poll.ready("never"));
            tasks.add(task);
            exec.spawn(task); // nobody runs the executor: they wait in the inbox
        }
        assertEquals(10, exec.taskCount());
        exec.close();
        for (Scripted<String> task : tasks) {
            assertEquals(0, task.polls.get());
            assertEquals(1, task.cancels.get());
        }
        assertEquals(0, exec.taskCount());
    }

    @Test
    @Timeout(10)
    void aSpawnOnAClosedExecutorIsCancelledAtOnce() {
        LocalExecutor exec = LocalExecutor.startOnNewThread("shutdown-late-spawn");
        exec.close();
        Scripted<String> late = new Scripted<>(cx -> Poll.ready("never"));
        JoinHandle<String> handle = exec.spawn(late);
        assertTrue(handle.isFinished());
        assertThrows(CancellationException.class, () -> Await.blockOn(handle));
        assertEquals(0, late.polls.get());
        assertEquals(1, late.cancels.get());
        assertEquals(0, exec.taskCount());
    }

    @Test
    @Timeout(30)
    void spawnsRacingCloseAreEachCancelledExactlyOnce() throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            LocalExecutor exec = LocalExecutor.startOnNewThread("shutdown-race-" + attempt);
            int spawners = 3;
            int perSpawner = 500;
            List<List<Gate<Integer>>> gates = new ArrayList<>();
            List<List<JoinHandle<Integer>>> handles = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(spawners + 1);
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < spawners; s++) {
                List<Gate<Integer>> myGates = new ArrayList<>();
                List<JoinHandle<Integer>> myHandles = new ArrayList<>();
                gates.add(myGates);
                handles.add(myHandles);
                Thread t = new Thread(() -> {
                    await(start);
                    for (int i = 0; i < perSpawner; i++) {
                        Gate<Integer> gate = new Gate<>();
                        myGates.add(gate);
                        myHandles.add(exec.spawn(gate));
                    }
                });
                t.start();
                threads.add(t);
            }
            await(start);
            Thread.sleep(attempt % 3); // close at varying points of the spawning
            exec.close();
            for (Thread t : threads) {
                t.join();
            }
            for (int s = 0; s < spawners; s++) {
                for (int i = 0; i < perSpawner; i++) {
                    assertTrue(handles.get(s).get(i).isFinished(), "attempt " + attempt);
                    assertEquals(1, gates.get(s).get(i).cancels.get(), "attempt " + attempt);
                }
            }
            assertEquals(0, exec.taskCount());
        }
    }

    @Test
    @Timeout(10)
    void closeFromInsideATaskTakesEffectAfterItsPoll() throws Exception {
        String name = "shutdown-from-inside";
        LocalExecutor exec = LocalExecutor.startOnNewThread(name);
        Thread thread = findThread(name);
        Gate<Void> other = new Gate<>();
        exec.spawn(other);
        awaitCount(other.polls, 1);
        Scripted<Void> closer = new Scripted<>(cx -> {
            exec.close(); // returns at once on the executor thread
            return Poll.pending();
        });
        exec.spawn(closer);
        thread.join();
        assertTrue(exec.isTerminated());
        assertEquals(1, closer.polls.get());
        assertEquals(1, closer.cancels.get());
        assertEquals(1, other.cancels.get());
        exec.close(); // from outside afterwards: nothing left to do
    }

    @Test
    @Timeout(10)
    void closeWhileAnotherThreadIsInBlockOnCancelsMain() throws Exception {
        LocalExecutor exec = LocalExecutor.create();
        Gate<String> main = new Gate<>();
        Gate<String> spawned = new Gate<>();
        exec.spawn(spawned);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                exec.blockOn(main);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        awaitCount(main.polls, 1);
        awaitCount(spawned.polls, 1);
        exec.close();
        assertTrue(exec.isTerminated());
        runner.join();
        assertInstanceOf(CancellationException.class, thrown.get());
        assertEquals(1, main.cancels.get());
        assertEquals(1, spawned.cancels.get());
        assertThrows(IllegalStateException.class, () -> exec.blockOn(Future.ready(1)));
    }

    @Test
    @Timeout(10)
    void shutdownOfAnIdleExecutorCancelsOnTheCallingThread() {
        LocalExecutor exec = LocalExecutor.create();
        Gate<Void> gate = new Gate<>();
        exec.spawn(gate);
        exec.blockOn(yields(1));
        exec.shutdown();
        assertTrue(exec.isTerminated());
        assertEquals(1, gate.cancels.get());
    }

    @Test
    @Timeout(10)
    void aCancelThatThrowsIsReportedAndTheOthersAreStillCancelled() {
        JoinHandleTest.Recorder recorder = new JoinHandleTest.Recorder();
        LocalExecutor exec = LocalExecutor.create(recorder);
        IllegalStateException oops = new IllegalStateException("cancel failed");
        Future<Void> bad = new Future<>() {
            @Override
            public Poll<Void> poll(dev.jawait.Context cx) {
                return Poll.pending();
            }

            @Override
            public void cancel() {
                throw oops;
            }
        };
        Future<Void> quiet = new Future<>() { // its cancel throws the cancellation's own signal: not a failure
            @Override
            public Poll<Void> poll(dev.jawait.Context cx) {
                return Poll.pending();
            }

            @Override
            public void cancel() {
                throw new CancellationException("unwound");
            }
        };
        Gate<Void> good = new Gate<>();
        JoinHandle<Void> badHandle = exec.spawn(bad);
        exec.spawn(quiet);
        exec.spawn(good);
        exec.blockOn(yields(1));
        exec.close();
        assertEquals(List.of(oops), recorder.failures);
        assertSame(bad, recorder.tasks.get(0));
        assertEquals(1, good.cancels.get());
        assertThrows(CancellationException.class, () -> Await.blockOn(badHandle));
    }

    @Test
    @Timeout(10)
    void spawnsAndWakesMadeWhileCancellingAreHandled() {
        LocalExecutor exec = LocalExecutor.create();
        Gate<Void> woken = new Gate<>();
        AtomicInteger spawnedDuringShutdown = new AtomicInteger();
        Scripted<Void> spawnedLate = new Scripted<>(cx -> Poll.ready(null));
        AtomicReference<JoinHandle<Void>> lateHandle = new AtomicReference<>();
        Future<Void> noisy = new Future<>() {
            @Override
            public Poll<Void> poll(dev.jawait.Context cx) {
                return Poll.pending();
            }

            @Override
            public void cancel() { // like a finally block that spawns and signals
                woken.wakeStored();
                lateHandle.set(exec.spawn(spawnedLate));
                spawnedDuringShutdown.incrementAndGet();
            }
        };
        exec.spawn(noisy);
        exec.spawn(woken);
        exec.blockOn(yields(1));
        exec.close();
        assertEquals(1, spawnedDuringShutdown.get());
        assertEquals(0, spawnedLate.polls.get());
        assertEquals(1, spawnedLate.cancels.get());
        assertTrue(lateHandle.get().isFinished());
        assertEquals(1, woken.cancels.get());
        assertEquals(0, exec.taskCount());
    }

    @Test
    @Timeout(10)
    void anExecutorWithoutTasksClosesAndItsThreadEnds() throws Exception {
        String name = "shutdown-empty";
        LocalExecutor exec = LocalExecutor.startOnNewThread(name);
        Thread thread = findThread(name);
        assertNotNull(thread);
        exec.close();
        exec.close();
        assertFalse(thread.isAlive());
    }

    @Test
    @Timeout(10)
    void blockOnOnADedicatedExecutorWaitsForItsThread() {
        LocalExecutor exec = LocalExecutor.startOnNewThread("shutdown-block-on-dedicated");
        try {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            int value = exec.blockOn(cx -> {
                ranOn.set(Thread.currentThread());
                return Poll.ready(9);
            });
            assertEquals(9, value);
            assertEquals("shutdown-block-on-dedicated", ranOn.get().getName());
        } finally {
            exec.close();
        }
    }

    private static Thread findThread(String name) {
        for (int i = 0; i < 1000; i++) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(name)) {
                    return t;
                }
            }
            Thread.yield();
        }
        return null;
    }
}
