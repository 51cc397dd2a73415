package dev.jawait.executor;

import static dev.jawait.executor.ExecutorTimerScenarios.assertRefusesNewSleeps;
import static dev.jawait.executor.ExecutorTimerScenarios.foreignSleep;
import static dev.jawait.executor.ExecutorTimerScenarios.opensAfter;
import static dev.jawait.executor.ExecutorTimerScenarios.timeoutExpiresAndCancelsTheInnerFuture;
import static dev.jawait.executor.ExecutorTimerScenarios.tracedSleeps;
import static dev.jawait.executor.ExecutorTimerTestSupport.awaitParked;
import static dev.jawait.executor.ExecutorTimerTestSupport.timerThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.events.TestSupport;
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
import java.util.concurrent.TimeUnit;
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
            List<Traced> traced = tracedSleeps(timer, base, millis, completions, new ArrayList<>());
            List<JoinHandle<Void>> handles = new ArrayList<>();
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
            long start = System.nanoTime(); // before the sleeps: each deadline counts from its creation
            Traced a = new Traced(ex.timer().sleep(Duration.ofMillis(40)), "a", completions);
            Traced b = new Traced(ex.timer().sleep(Duration.ofMillis(20)), "b", completions);
            JoinHandle<Void> ha = ex.spawn(a);
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
            Traced near = foreignSleep(timer);
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
            Traced near = foreignSleep(ex.timer());
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
            // The executor thread cancels the aborted sleep before the handle reports the abort.
            ExecutorTimerScenarios.cancelRemovesTheEntry(ex, timer, () -> assertEquals(0, timer.pendingTimers()));
        } finally {
            ex.close();
        }
    }

    @Test
    void timeoutOnTheExecutorTimer() {
        LocalExecutor ex = LocalExecutor.create();
        try {
            Timer timer = ex.timer();
            timeoutExpiresAndCancelsTheInnerFuture(ex::blockOn, timer);

            Gate<String> soon = new Gate<>();
            ex.spawn(timer.sleep(Duration.ofMillis(5))).detach();
            JoinHandle<String> opener = ex.spawn(opensAfter(timer.sleep(Duration.ofMillis(10)), soon, "in time"));
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
        ExecutorTimerScenarios.shutdownFailsPendingSleepsAndRefusesNewOnes(ex, ex.timer(), ex::close);
    }

    @Test
    void theTimerOfAClosedExecutorIsClosed() {
        LocalExecutor ex = LocalExecutor.create();
        ex.close();
        assertRefusesNewSleeps(ex.timer());
        assertEquals(0, ex.timer().pendingTimers());
    }
}
