package dev.jawait.executor;

import static dev.jawait.executor.LocalTestFutures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.task.JoinHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link LocalExecutor} task completes with a value without an atomic step (the owner protocol
 * of {@link dev.jawait.task.JoinCell}), so a waiter stored from another thread is checked once
 * more by the executor thread, through the inbox. These tests await handles from other threads at
 * every stage of a task: before it has a slot, while it is suspended, as it completes, and while
 * the thread driving the executor stops driving it. A lost wake shows up as a hang.
 *
 * <p>The one interleaving the inbox check exists for cannot be forced from Java: the executor
 * thread's read of the waiter passing its own, still buffered, store of the value (a store
 * buffer's reordering). The stress tests run that path among the others; why it is enough is
 * argued at {@link dev.jawait.task.JoinCell#ownerCompletes()}.
 */
class LocalForeignAwaitTest {

    /** Pending until {@link #open}; counts its polls. */
    static final class Door implements Future<String> {
        final AtomicInteger polls = new AtomicInteger();
        volatile boolean open;
        volatile Waker waker;

        @Override
        public Poll<String> poll(Context cx) {
            polls.incrementAndGet();
            if (open) {
                return Poll.ready("opened");
            }
            waker = cx.waker().clone();
            return Poll.pending();
        }

        void open() {
            open = true;
            waker.wake();
        }
    }

    @Test
    @Timeout(10)
    void aWaiterStoredBeforeTheTaskHasItsSlotIsWokenWhenItCompletes() {
        LocalExecutor exec = LocalExecutor.create();
        // Spawned from a thread that does not run the executor: it waits in the inbox, slotless.
        JoinHandle<String> handle = exec.spawn(Future.ready("first"));
        AtomicInteger wakes = new AtomicInteger();
        Context waiter = Context.of(Waker.of(wakes::incrementAndGet));
        assertTrue(handle.poll(waiter).isPending());

        exec.blockOn(Future.ready(null)); // admits, runs and completes the task
        assertEquals(1, wakes.get());
        assertEquals("first", handle.poll(waiter).get());
        exec.close();
    }

    @Test
    @Timeout(10)
    void aWaiterStoredFromAnotherThreadIsWokenExactlyOnceAndTheTaskIsNotPolledAgain() {
        LocalExecutor exec = LocalExecutor.create();
        Door door = new Door();
        JoinHandle<String> handle = exec.spawn(door);
        exec.blockOn(Future.ready(null)); // polled once, suspended with a slot
        AtomicInteger wakes = new AtomicInteger();
        Context waiter = Context.of(Waker.of(wakes::incrementAndGet));
        assertTrue(handle.poll(waiter).isPending()); // asks the executor to check again

        // The check waits in the inbox; draining it while the task is still suspended wakes nobody.
        exec.blockOn(Future.ready(null));
        assertEquals(0, wakes.get());
        assertEquals(1, door.polls.get());

        door.open(); // a wake from this thread: through the inbox too
        exec.blockOn(Future.ready(null));
        assertEquals(1, wakes.get(), "woken once, by the completion");
        assertEquals(2, door.polls.get());
        assertTrue(handle.isFinished());
        assertEquals("opened", handle.poll(waiter).get());

        // Awaiting again from here after completion costs nothing and wakes nobody.
        exec.blockOn(Future.ready(null));
        assertEquals(1, wakes.get());
        assertEquals(2, door.polls.get());
        exec.close();
    }

    @Test
    @Timeout(10)
    void aFinishedTaskIsFinishedForEveryThread() throws Exception {
        LocalExecutor exec = LocalExecutor.startOnNewThread("finished-everywhere");
        try {
            JoinHandle<String> handle = exec.spawn(Future.ready("done"));
            assertEquals("done", Await.blockOn(handle));
            assertTrue(handle.isFinished());
            AtomicBoolean seen = new AtomicBoolean();
            Thread other = new Thread(() -> seen.set(handle.isFinished()));
            other.start();
            other.join();
            assertTrue(seen.get());
            assertTrue(handle.toString().contains("completed"), handle.toString());
        } finally {
            exec.close();
        }
    }

    /**
     * Threads spawn tasks onto the executor's own thread and block on their handles, while each
     * task completes after a random number of yields, so that the awaiting thread stores its
     * waiter before, during or just after the completion.
     */
    @Test
    @Timeout(60)
    void threadsAwaitingTasksOfADedicatedExecutorAreAlwaysWoken() throws Exception {
        LocalExecutor exec = LocalExecutor.startOnNewThread("foreign-awaits");
        try {
            runAwaiters(exec, 3, 20_000, null);
            assertEquals(0, exec.taskCount());
        } finally {
            exec.close();
        }
    }

    /**
     * The same with an executor that one thread drives through {@code blockOn} calls that each
     * end soon: a completion just before a call ends must still reach a waiter stored meanwhile.
     */
    @Test
    @Timeout(60)
    void threadsAwaitingTasksOfABlockOnDrivenExecutorAreAlwaysWoken() throws Exception {
        LocalExecutor exec = LocalExecutor.create();
        AtomicBoolean done = new AtomicBoolean();
        Thread driver = new Thread(() -> {
            while (!done.get()) {
                exec.blockOn(LocalTestFutures.yields(1)); // short turns: the executor often stops
            }
        }, "driver");
        driver.start();
        try {
            runAwaiters(exec, 2, 20_000, done);
        } finally {
            done.set(true);
            driver.join();
            exec.close();
        }
    }

    /**
     * {@code awaiters} threads each spawn {@code rounds} tasks and block on each handle; checks
     * every value. Sets {@code finished} (if any) when all are through.
     */
    private static void runAwaiters(LocalExecutor exec, int awaiters, int rounds, AtomicBoolean finished)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(awaiters);
        AtomicLong sum = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < awaiters; t++) {
            long seed = 20261127L + t;
            threads.add(new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                await(start);
                for (int i = 0; i < rounds; i++) {
                    int yields = random.nextInt(3);
                    int value = i;
                    Future<Void> body = LocalTestFutures.yields(yields);
                    JoinHandle<Integer> handle =
                            exec.spawn(cx -> body.poll(cx).isReady() ? Poll.ready(value) : Poll.pending());
                    sum.addAndGet(Await.blockOn(handle));
                }
            }, "awaiter-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        if (finished != null) {
            finished.set(true);
        }
        long perThread = (long) rounds * (rounds - 1) / 2;
        assertEquals(awaiters * perThread, sum.get());
    }
}
