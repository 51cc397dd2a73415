package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualTask;
import dev.jawait.executor.ExecutorTimerTestSupport.Traced;
import dev.jawait.executor.LocalTestFutures.Gate;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import dev.jawait.time.Deadline;
import dev.jawait.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The parts of the executor-timer tests that both executors must pass alike, run by {@link
 * LocalExecutorTimerTest} and {@link WorkStealingTimerTest} on their own executor. What differs
 * between the executors (which thread fires a sleep, when an aborted sleep's entry is gone, what
 * closing guarantees) each test class passes in or checks itself.
 */
final class ExecutorTimerScenarios {
    private ExecutorTimerScenarios() {}

    /** An executor's own {@code blockOn}: runs a future to its outcome on the calling thread. */
    @FunctionalInterface
    interface BlockingRunner {
        /** The future's value; its failure rethrown. */
        <T> T blockOn(Future<T> future);
    }

    /** A check that may wait (and so be interrupted). */
    @FunctionalInterface
    interface Check {
        /** Passes, or throws. */
        void run() throws Exception;
    }

    /**
     * One traced sleep per entry of {@code millis}, due that many milliseconds after {@code base} and
     * labelled {@code "<millis>ms"}; neither registered nor spawned yet.
     */
    static List<Traced> tracedSleeps(Timer timer, Deadline base, int[] millis, List<String> completions,
            List<String> wakes) {
        List<Traced> traced = new ArrayList<>();
        for (int m : millis) {
            traced.add(new Traced(timer.sleepUntil(base.plus(Duration.ofMillis(m))), m + "ms", completions, wakes));
        }
        return traced;
    }

    /**
     * Sleeps 100 ms on {@code timer}, registered and awaited from the calling thread (not one of the
     * executor's); returns the traced sleep, whose wake threads say who fired it. Hangs (and so times
     * out) if registering the deadline does not wake the executor.
     */
    static Traced foreignSleep(Timer timer) {
        Traced near = new Traced(timer.sleep(Duration.ofMillis(100)), "near", new ArrayList<>());
        Await.blockOn(near);
        return near;
    }

    /**
     * An aborted task's sleep and a sleep cancelled on another thread both leave the timer, and the
     * cancelled one is never fired. {@code abortedEntryRemoved} checks (or awaits) that the aborted
     * task's entry is gone once its handle reports the abort.
     */
    static void cancelRemovesTheEntry(Spawner ex, Timer timer, Check abortedEntryRemoved) throws Exception {
        // From a task on the executor: abort cancels the sleep.
        JoinHandle<Void> h = ex.spawn(timer.sleep(Duration.ofSeconds(10)));
        TestSupport.eventually("registered", () -> timer.pendingTimers() == 1);
        h.abort();
        assertThrows(CancellationException.class, () -> Await.blockOn(h));
        abortedEntryRemoved.run();

        // From another thread: registered and cancelled here, never fired.
        ManualTask<Void> t = new ManualTask<>(timer.sleep(Duration.ofMillis(100)));
        assertFalse(t.poll());
        assertEquals(1, timer.pendingTimers());
        t.cancel();
        assertEquals(0, timer.pendingTimers());
        Thread.sleep(150);
        Await.blockOn(ex.spawn(timer.sleep(Duration.ofMillis(1)))); // the executor ran its timers
        assertEquals(0, t.waker.wakes(), "a cancelled sleep is never fired");
    }

    /** A timeout on a future that never completes fails with {@link TimeoutException} and cancels it. */
    static void timeoutExpiresAndCancelsTheInnerFuture(BlockingRunner ex, Timer timer) {
        Gate<String> never = new Gate<>();
        Throwable thrown = assertThrows(Throwable.class,
                () -> ex.blockOn(timer.timeout(never, Duration.ofMillis(20))));
        assertInstanceOf(TimeoutException.class, thrown);
        assertEquals(1, never.cancels.get(), "the inner future is cancelled on expiry");
    }

    /**
     * A future that waits for {@code nap}, then opens {@code gate} with {@code value}; ready with
     * {@code "opened"}.
     */
    static Future<String> opensAfter(Future<Void> nap, Gate<String> gate, String value) {
        return new Future<>() {
            @Override
            public Poll<String> poll(Context cx) {
                if (nap.poll(cx).isPending()) {
                    return Poll.pending();
                }
                gate.open(value);
                return Poll.ready("opened");
            }
        };
    }

    /**
     * Closing the executor fails its task's pending sleep with a cancellation and another thread's
     * with {@link IllegalStateException}, empties the timer and makes it refuse new sleeps.
     * {@code close} closes the executor (and may check what closing guarantees on that executor).
     */
    static void shutdownFailsPendingSleepsAndRefusesNewOnes(Spawner ex, Timer timer, Runnable close)
            throws InterruptedException {
        JoinHandle<Void> own = ex.spawn(timer.sleep(Duration.ofSeconds(10)));
        AtomicReference<Throwable> foreignOutcome = new AtomicReference<>();
        Thread foreign = new Thread(() -> {
            try {
                Await.blockOn(timer.sleep(Duration.ofSeconds(10)));
                foreignOutcome.set(new AssertionError("completed"));
            } catch (Throwable t) {
                foreignOutcome.set(t);
            }
        });
        foreign.start();
        TestSupport.eventually("both registered", () -> timer.pendingTimers() == 2);

        close.run();

        assertThrows(CancellationException.class, () -> Await.blockOn(own));
        foreign.join(10_000);
        assertInstanceOf(IllegalStateException.class, foreignOutcome.get(),
                "a waiter from another thread sees the timer closed");
        assertEquals(0, timer.pendingTimers());
        assertRefusesNewSleeps(timer);
    }

    /** A new sleep on {@code timer} (which is closed) fails with {@link IllegalStateException}. */
    static void assertRefusesNewSleeps(Timer timer) {
        ManualTask<Void> late = new ManualTask<>(timer.sleep(Duration.ofSeconds(10)));
        assertInstanceOf(IllegalStateException.class, late.pollFailure());
    }
}
