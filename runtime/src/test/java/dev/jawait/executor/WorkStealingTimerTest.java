package dev.jawait.executor;

import static dev.jawait.executor.ExecutorTimerScenarios.assertRefusesNewSleeps;
import static dev.jawait.executor.ExecutorTimerScenarios.foreignSleep;
import static dev.jawait.executor.ExecutorTimerScenarios.opensAfter;
import static dev.jawait.executor.ExecutorTimerScenarios.timeoutExpiresAndCancelsTheInnerFuture;
import static dev.jawait.executor.ExecutorTimerScenarios.tracedSleeps;
import static dev.jawait.executor.ExecutorTimerTestSupport.timerThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.events.TestSupport;
import dev.jawait.executor.ExecutorTimerTestSupport.Traced;
import dev.jawait.executor.LocalTestFutures.Gate;
import dev.jawait.task.JoinHandle;
import dev.jawait.time.Deadline;
import dev.jawait.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WorkStealingTimerTest {

    private static WorkStealingExecutor executor(String prefix, int workers) {
        return WorkStealingExecutor.builder().workers(workers).threadNamePrefix(prefix).daemon(true).build();
    }

    private static Duration randomMicros(int bound) {
        return Duration.ofNanos(1000L * ThreadLocalRandom.current().nextInt(bound));
    }

    private static List<Thread> workerThreads(WorkStealingExecutor ex) {
        return List.of(ex.workers());
    }

    /** Waits until every worker is parked in {@code state} (one keeper may be TIMED_WAITING). */
    private static void awaitAllParked(WorkStealingExecutor ex, int timedWaiting) throws Exception {
        TestSupport.eventually("workers parked", () -> {
            int waiting = 0;
            int timed = 0;
            for (Thread t : ex.workers()) {
                Thread.State s = t.getState();
                if (s == Thread.State.WAITING) {
                    waiting++;
                } else if (s == Thread.State.TIMED_WAITING) {
                    timed++;
                }
            }
            return timed == timedWaiting && waiting + timed == ex.workerCount();
        });
    }

    @Test
    void sleepsAreWokenInDeadlineOrderByWorkersWithoutATimerThread() {
        Set<Thread> timerThreadsBefore = timerThreads();
        WorkStealingExecutor ex = executor("ws-timer-order-", 3);
        try {
            Timer timer = ex.timer();
            assertSame(timer, ex.timer());
            int[] millis = {60, 10, 45, 25, 5, 35, 15, 50, 20};
            // Every deadline from one base, far enough ahead that all are registered (at their
            // first poll) before the first falls due, whatever the machine's load.
            Deadline base = timer.deadlineAfter(Duration.ofMillis(200));
            Deadline tie = base.plus(Duration.ofMillis(30));
            List<String> completions = new ArrayList<>();
            List<String> wakes = new ArrayList<>();
            List<Traced> traced = tracedSleeps(timer, base, millis, completions, wakes);
            List<JoinHandle<Void>> handles = new ArrayList<>();
            for (Traced t : traced) {
                handles.add(ex.spawn(t));
            }
            // Two sleeps with one deadline, registered one after the other by the same task.
            Traced tieA = new Traced(timer.sleepUntil(tie), "30ms-a", completions, wakes);
            Traced tieB = new Traced(timer.sleepUntil(tie), "30ms-b", completions, wakes);
            handles.add(ex.spawn(new Future<Void>() {
                @Override
                public Poll<Void> poll(Context cx) {
                    boolean a = tieA.poll(cx).isReady();
                    boolean b = tieB.poll(cx).isReady();
                    return a && b ? Poll.ready(null) : Poll.pending();
                }
            }));
            for (JoinHandle<Void> h : handles) {
                Await.blockOn(h);
            }
            synchronized (wakes) {
                // One task owns both tie sleeps: it may be woken by one and see both ready, so each
                // label appears at least once; the order of first appearances is the deadline order.
                List<String> firsts = new ArrayList<>();
                for (String w : wakes) {
                    if (!firsts.contains(w)) {
                        firsts.add(w);
                    }
                }
                assertEquals(List.of("5ms", "10ms", "15ms", "20ms", "25ms", "30ms-a", "30ms-b", "35ms",
                        "45ms", "50ms", "60ms"), firsts);
            }
            List<Thread> workers = workerThreads(ex);
            for (Traced t : traced) {
                assertEquals(1, t.wakeThreads().size(), "one wake per sleep");
                assertTrue(workers.contains(t.wakeThreads().get(0)), "fired by a worker");
            }
            assertEquals(0, timer.pendingTimers());
            assertEquals(timerThreadsBefore, timerThreads(), "no jawait-timer thread was started");
        } finally {
            ex.close();
        }
    }

    @Test
    void aForeignRegistrationWakesWorkersParkedWithoutDeadline() throws Exception {
        WorkStealingExecutor ex = executor("ws-timer-idle-", 2);
        try {
            awaitAllParked(ex, 0);
            Traced near = foreignSleep(ex.timer()); // hangs if no worker takes the deadline
            assertTrue(workerThreads(ex).contains(near.wakeThreads().get(0)));
        } finally {
            ex.close();
        }
    }

    @Test
    void aForeignRegistrationOfAnEarlierDeadlineRearmsTheKeeper() throws Exception {
        WorkStealingExecutor ex = executor("ws-timer-rearm-", 2);
        try {
            Timer timer = ex.timer();
            JoinHandle<Void> far = ex.spawn(timer.sleep(Duration.ofSeconds(10)));
            TestSupport.eventually("far registered", () -> timer.pendingTimers() == 1);
            awaitAllParked(ex, 1); // exactly one worker keeps time, the other parks indefinitely
            Traced near = foreignSleep(timer);
            assertTrue(workerThreads(ex).contains(near.wakeThreads().get(0)));
            assertFalse(far.isFinished());
            awaitAllParked(ex, 1); // back to one keeper, for the far deadline
        } finally {
            ex.close();
        }
    }

    @Test
    void cancelRemovesTheEntry() throws Exception {
        WorkStealingExecutor ex = executor("ws-timer-cancel-", 2);
        try {
            Timer timer = ex.timer();
            // The handle may report the abort before a worker has removed the aborted sleep.
            ExecutorTimerScenarios.cancelRemovesTheEntry(ex, timer,
                    () -> TestSupport.eventually("removed", () -> timer.pendingTimers() == 0));
        } finally {
            ex.close();
        }
    }

    @Test
    void timeoutOnTheExecutorTimer() {
        WorkStealingExecutor ex = executor("ws-timer-timeout-", 2);
        try {
            Timer timer = ex.timer();
            timeoutExpiresAndCancelsTheInnerFuture(ex::blockOn, timer);

            Gate<String> soon = new Gate<>();
            ex.spawn(opensAfter(timer.sleep(Duration.ofMillis(10)), soon, "in time")).detach();
            assertEquals("in time", ex.blockOn(timer.timeout(soon, Duration.ofSeconds(10))));
            assertEquals(0, timer.pendingTimers(), "the timeout's entry is removed when it wins");
        } finally {
            ex.close();
        }
    }

    /**
     * Every {@value WsWorker#GLOBAL_QUEUE_INTERVAL}th pick a worker fires the due timers; when that
     * wakes a task of its own (into its LIFO slot) and nothing else is queued, it runs that task.
     * Each round, the task returns pending with its sleep already due, so the worker's next pick
     * fires it; over four intervals of rounds, some of those picks are driver ticks. Before the
     * fix, the first such tick parked the worker with the task in its LIFO slot for good.
     */
    @Test
    void aTaskWokenByTheTimerAtADriverTickRunsWhenNothingElseIsQueued() throws Exception {
        WorkStealingExecutor ex = executor("ws-timer-tick-", 1);
        try {
            Timer timer = ex.timer();
            int rounds = 4 * WsWorker.GLOBAL_QUEUE_INTERVAL;
            JoinHandle<Integer> handle = ex.spawn(new Future<Integer>() {
                int woken;
                Future<Void> nap;

                @Override
                public Poll<Integer> poll(Context cx) {
                    if (nap != null) {
                        if (nap.poll(cx).isPending()) {
                            return Poll.pending();
                        }
                        nap = null;
                        if (++woken == rounds) {
                            return Poll.ready(woken);
                        }
                    }
                    for (;;) {
                        Deadline due = timer.deadlineAfter(Duration.ofNanos(100_000));
                        Future<Void> sleep = timer.sleepUntil(due);
                        if (sleep.poll(cx).isPending()) { // registered; else late: try again
                            while (!timer.now().isAfter(due)) {
                                Thread.onSpinWait();
                            }
                            nap = sleep;
                            return Poll.pending();
                        }
                    }
                }
            });
            Future<Integer> bounded = Timer.system().timeout(handle, Duration.ofSeconds(10));
            assertEquals(rounds, Await.blockOn(bounded));
        } finally {
            ex.shutdown(); // not close(): a task stranded in a parked worker's slot would keep it waiting
        }
    }

    @Test
    void manyTasksSleepingRepeatedlyAllWakeUp() {
        WorkStealingExecutor ex = executor("ws-timer-stress-", 3);
        try {
            Timer timer = ex.timer();
            AtomicInteger done = new AtomicInteger();
            List<JoinHandle<Void>> handles = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                handles.add(ex.spawn(new Future<Void>() {
                    int left = 5;
                    Future<Void> nap;

                    @Override
                    public Poll<Void> poll(Context cx) {
                        for (;;) {
                            if (nap == null) {
                                if (left-- == 0) {
                                    done.incrementAndGet();
                                    return Poll.ready(null);
                                }
                                nap = timer.sleep(randomMicros(3000));
                            }
                            if (nap.poll(cx).isPending()) {
                                return Poll.pending();
                            }
                            nap = null;
                        }
                    }
                }));
            }
            // Foreign sleepers too, registered from this thread while the workers churn.
            for (int i = 0; i < 20; i++) {
                Await.blockOn(timer.sleep(randomMicros(2000)));
            }
            for (JoinHandle<Void> h : handles) {
                Await.blockOn(h);
            }
            assertEquals(200, done.get());
            assertEquals(0, timer.pendingTimers());
        } finally {
            ex.close();
        }
    }

    @Test
    void shutdownFailsPendingSleepsAndRefusesNewOnes() throws Exception {
        WorkStealingExecutor ex = executor("ws-timer-shutdown-", 2);
        ExecutorTimerScenarios.shutdownFailsPendingSleepsAndRefusesNewOnes(ex, ex.timer(), () -> {
            ex.close();
            assertTrue(ex.isTerminated(), "close() returns once the workers are gone");
        });
    }

    @Test
    void theTimerOfAClosedExecutorIsClosed() {
        WorkStealingExecutor ex = executor("ws-timer-closed-", 1);
        ex.close();
        assertRefusesNewSleeps(ex.timer());
    }
}
