package dev.jawait.executor;

import static dev.jawait.executor.ExecutorTimerTestSupport.awaitParked;
import static dev.jawait.executor.ExecutorTimerTestSupport.timerThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualTask;
import dev.jawait.executor.ExecutorTimerTestSupport.Traced;
import dev.jawait.executor.LocalTestFutures.Gate;
import dev.jawait.task.JoinHandle;
import dev.jawait.time.Deadline;
import dev.jawait.time.Interval;
import dev.jawait.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LocalExecutorTimerTest {

    private static Thread executorThread(LocalExecutor ex) {
        Future<Thread> whoAmI = cx -> Poll.ready(Thread.currentThread());
        return Await.blockOn(ex.spawn(whoAmI));
    }

    @Test
    void sleepsFireInDeadlineOrderOnTheExecutorThreadWithoutATimerThread() {
        Set<Thread> timerThreadsBefore = timerThreads();
        LocalExecutor ex = LocalExecutor.startOnNewThread("lx-timer-order");
        try {
            Thread exThread = executorThread(ex);
            Timer timer = ex.timer();
            assertSame(timer, ex.timer());
            int[] millis = {60, 10, 45, 25, 5, 35, 15};
            // Every deadline from one base, far enough ahead that all are registered (at their
            // first poll) before the first falls due, whatever the machine's load.
            Deadline base = timer.deadlineAfter(Duration.ofMillis(200));
            Deadline tie = base.plus(Duration.ofMillis(30));
            List<String> completions = new ArrayList<>();
            List<Traced> traced = new ArrayList<>();
            List<JoinHandle<Void>> handles = new ArrayList<>();
            for (int m : millis) {
                traced.add(new Traced(timer.sleepUntil(base.plus(Duration.ofMillis(m))), m + "ms", completions));
            }
            // Two sleeps with one deadline fire in registration (= spawn, = first poll) order.
            traced.add(new Traced(timer.sleepUntil(tie), "30ms-a", completions));
            traced.add(new Traced(timer.sleepUntil(tie), "30ms-b", completions));
            for (Traced t : traced) {
                handles.add(ex.spawn(t));
            }
            for (JoinHandle<Void> h : handles) {
                Await.blockOn(h);
            }
            assertEquals(List.of("5ms", "10ms", "15ms", "25ms", "30ms-a", "30ms-b", "35ms", "45ms", "60ms"),
                    completions);
            for (Traced t : traced) {
                assertEquals(List.of(exThread), t.wakeThreads(), "fired by the executor thread itself");
            }
            assertEquals(0, timer.pendingTimers());
            assertEquals(timerThreadsBefore, timerThreads(), "no jawait-timer thread was started");
        } finally {
            ex.close();
        }
    }

    @Test
    void blockOnDrivenExecutorParksUntilTheDeadlineAndFiresOnTheCallingThread() {
        LocalExecutor ex = LocalExecutor.create();
        try {
            List<String> completions = new ArrayList<>();
            Traced a = new Traced(ex.timer().sleep(Duration.ofMillis(40)), "a", completions);
            Traced b = new Traced(ex.timer().sleep(Duration.ofMillis(20)), "b", completions);
            JoinHandle<Void> ha = ex.spawn(a);
            long start = System.nanoTime();
            ex.blockOn(b);
            ex.blockOn(ha);
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(40));
            assertEquals(List.of("b", "a"), completions);
            assertEquals(List.of(Thread.currentThread()), a.wakeThreads());
            assertEquals(List.of(Thread.currentThread()), b.wakeThreads());
        } finally {
            ex.close();
        }
    }

    @Test
    void aForeignRegistrationOfAnEarlierDeadlineWakesTheParkedExecutor() throws Exception {
        LocalExecutor ex = LocalExecutor.startOnNewThread("lx-timer-foreign");
        try {
            Thread exThread = executorThread(ex);
            Timer timer = ex.timer();
            // The executor parks with a 10 s deadline...
            JoinHandle<Void> far = ex.spawn(timer.sleep(Duration.ofSeconds(10)));
            TestSupport.eventually("far sleep registered", () -> timer.pendingTimers() == 1);
            awaitParked(exThread, Thread.State.TIMED_WAITING);
            // ...and a sleep registered from this thread, due much earlier, must re-arm it.
            List<String> completions = new ArrayList<>();
            Traced near = new Traced(timer.sleep(Duration.ofMillis(100)), "near", completions);
            Await.blockOn(near); // registers from this thread; hangs if the executor is not woken
            assertEquals(List.of(exThread), near.wakeThreads());
            assertFalse(far.isFinished());
            assertEquals(1, timer.pendingTimers());
        } finally {
            ex.close();
        }
    }

    @Test
    void aForeignRegistrationWakesAnExecutorParkedWithoutDeadline() throws Exception {
        LocalExecutor ex = LocalExecutor.startOnNewThread("lx-timer-foreign-idle");
        try {
            Thread exThread = executorThread(ex);
            awaitParked(exThread, Thread.State.WAITING);
            List<String> completions = new ArrayList<>();
            Traced near = new Traced(ex.timer().sleep(Duration.ofMillis(100)), "near", completions);
            Await.blockOn(near);
            assertEquals(List.of(exThread), near.wakeThreads());
        } finally {
            ex.close();
        }
    }

    @Test
    void cancelRemovesTheEntry() throws Exception {
        LocalExecutor ex = LocalExecutor.startOnNewThread("lx-timer-cancel");
        try {
            Timer timer = ex.timer();
            // From a task on the executor thread: abort cancels the sleep.
            JoinHandle<Void> h = ex.spawn(timer.sleep(Duration.ofSeconds(10)));
            TestSupport.eventually("registered", () -> timer.pendingTimers() == 1);
            h.abort();
            assertThrows(CancellationException.class, () -> Await.blockOn(h));
            assertEquals(0, timer.pendingTimers());

            // From another thread: registered and cancelled here, never fired.
            ManualTask<Void> t = new ManualTask<>(timer.sleep(Duration.ofMillis(100)));
            assertFalse(t.poll());
            assertEquals(1, timer.pendingTimers());
            t.cancel();
            assertEquals(0, timer.pendingTimers());
            Thread.sleep(150);
            Await.blockOn(ex.spawn(timer.sleep(Duration.ofMillis(1)))); // the executor ran its timers
            assertEquals(0, t.waker.wakes(), "a cancelled sleep is never fired");
        } finally {
            ex.close();
        }
    }

    @Test
    void timeoutOnTheExecutorTimer() {
        LocalExecutor ex = LocalExecutor.create();
        try {
            Timer timer = ex.timer();
            Gate<String> never = new Gate<>();
            Throwable thrown = assertThrows(Throwable.class,
                    () -> ex.blockOn(timer.timeout(never, Duration.ofMillis(20))));
            assertInstanceOf(TimeoutException.class, thrown);
            assertEquals(1, never.cancels.get(), "the inner future is cancelled on expiry");

            Gate<String> soon = new Gate<>();
            ex.spawn(timer.sleep(Duration.ofMillis(5))).detach();
            JoinHandle<String> opener = ex.spawn(new Future<>() {
                final Future<Void> nap = timer.sleep(Duration.ofMillis(10));

                @Override
                public Poll<String> poll(dev.jawait.Context cx) {
                    if (nap.poll(cx).isPending()) {
                        return Poll.pending();
                    }
                    soon.open("in time");
                    return Poll.ready("opened");
                }
            });
            assertEquals("in time", ex.blockOn(timer.timeout(soon, Duration.ofSeconds(10))));
            assertEquals("opened", ex.blockOn(opener));
            assertEquals(0, timer.pendingTimers(), "the timeout's entry is removed when it wins");
        } finally {
            ex.close();
        }
    }

    @Test
    void intervalTicksOnTheExecutorTimer() {
        LocalExecutor ex = LocalExecutor.create();
        try {
            Interval ticks = ex.timer().interval(Duration.ofMillis(5));
            int n = ex.blockOn(new Future<Integer>() {
                int count;
                Future<Deadline> tick;

                @Override
                public Poll<Integer> poll(dev.jawait.Context cx) {
                    for (;;) {
                        if (tick == null) {
                            tick = ticks.tick();
                        }
                        if (tick.poll(cx).isPending()) {
                            return Poll.pending();
                        }
                        tick = null;
                        if (++count == 4) {
                            return Poll.ready(count);
                        }
                    }
                }
            });
            assertEquals(4, n);
        } finally {
            ex.close();
        }
    }

    @Test
    void shutdownFailsPendingSleepsAndRefusesNewOnes() throws Exception {
        LocalExecutor ex = LocalExecutor.startOnNewThread("lx-timer-shutdown");
        Timer timer = ex.timer();
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

        ex.close();

        assertThrows(CancellationException.class, () -> Await.blockOn(own));
        foreign.join(10_000);
        assertInstanceOf(IllegalStateException.class, foreignOutcome.get(),
                "a waiter from another thread sees the timer closed");
        assertEquals(0, timer.pendingTimers());
        ManualTask<Void> late = new ManualTask<>(timer.sleep(Duration.ofSeconds(10)));
        assertInstanceOf(IllegalStateException.class, late.pollFailure());
    }

    @Test
    void theTimerOfAClosedExecutorIsClosed() {
        LocalExecutor ex = LocalExecutor.create();
        ex.close();
        ManualTask<Void> late = new ManualTask<>(ex.timer().sleep(Duration.ofSeconds(10)));
        assertInstanceOf(IllegalStateException.class, late.pollFailure());
        assertEquals(0, ex.timer().pendingTimers());
    }
}
