package dev.jawait.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.channel.Oneshot;
import dev.jawait.combinator.Combinators;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualTask;
import dev.jawait.events.TestSupport.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RealTimerTest {
    private RealTimer timer;

    @BeforeEach
    void setUp() {
        timer = Timer.create();
    }

    @AfterEach
    void tearDown() {
        timer.close();
    }

    @Test
    void sleepCompletesNoEarlierThanItsDuration() {
        long start = System.nanoTime();
        Await.blockOn(timer.sleep(Duration.ofMillis(50)));
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(50), "woke after " + elapsed + " ns");
        assertEquals(0, timer.pendingTimers());
    }

    @Test
    void sleepUntilAPassedDeadlineIsReadyWithoutRegistering() {
        ManualTask<Void> t = new ManualTask<>(timer.sleepUntil(timer.now()));
        assertTrue(t.poll());
        assertEquals(0, timer.pendingTimers());
        assertNull(timer.driverThread(), "no timer was registered, so no thread was started");
    }

    @Test
    void driverThreadStartsLazilyAndParksWithoutDeadlineWhenIdle() throws Exception {
        assertNull(timer.driverThread());
        ManualTask<Void> sleep = new ManualTask<>(timer.sleep(Duration.ofMillis(200)));
        assertFalse(sleep.poll());
        assertEquals(1, timer.pendingTimers());
        Thread driver = timer.driverThread();
        assertNotNull(driver);
        assertTrue(driver.isDaemon());
        assertTrue(driver.getName().startsWith("jawait-timer"), driver.getName());
        TestSupport.eventually("the timer fired", sleep::woken);
        assertTrue(sleep.poll());
        // With no timers it parks with no timeout (WAITING, not TIMED_WAITING): no CPU when idle.
        TestSupport.eventually("idle driver parks indefinitely",
                () -> driver.getState() == Thread.State.WAITING);
    }

    @Test
    void systemTimerRunsOnOneDaemonThreadNamedJawaitTimer() {
        ManualTask<Void> registered = new ManualTask<>(Time.sleep(Duration.ofHours(1)));
        assertFalse(registered.poll()); // registers a timer, which starts the driver thread
        registered.cancel();
        Thread driver = RealTimer.SYSTEM.driverThread();
        assertNotNull(driver);
        assertEquals("jawait-timer", driver.getName());
        assertTrue(driver.isDaemon());
        assertThrows(UnsupportedOperationException.class, RealTimer.SYSTEM::close);
    }

    @Test
    void timeoutFailsUnwrappedAndCancelsTheInnerFuture() {
        Probe<String> inner = new Probe<>("never");
        Future<String> limited = timer.timeout(inner, Duration.ofMillis(30));
        assertThrows(TimeoutException.class, () -> Await.blockOn(limited));
        assertEquals(1, inner.cancels.get());
        assertEquals(0, timer.pendingTimers());
    }

    @Test
    void timeoutReturnsTheInnerValueAndRemovesItsTimer() throws Exception {
        Oneshot<String> chan = Oneshot.create();
        Thread sender = new Thread(() -> {
            sleepQuietly(20);
            chan.sender().send("in time");
        });
        sender.start();
        assertEquals("in time", Await.blockOn(timer.timeout(chan.receiver(), Duration.ofSeconds(10))));
        assertEquals(0, timer.pendingTimers(), "the timeout's entry is removed as soon as it is moot");
        sender.join();
    }

    @Test
    void cancelledSleepRemovesItsEntryAndDropsTheWaker() {
        ManualTask<Void> t = new ManualTask<>(timer.sleep(Duration.ofHours(1)));
        assertFalse(t.poll());
        assertFalse(t.poll()); // re-poll with the same waker keeps one entry
        assertEquals(1, timer.pendingTimers());
        t.cancel();
        assertEquals(0, timer.pendingTimers());
        assertEquals(1, t.waker.drops.get(), "the stored waker is released");
        t.cancel(); // idempotent
        assertInstanceOf(IllegalStateException.class, t.pollFailure(), "polled after cancel");
    }

    @Test
    void completedSleepThrowsWhenPolledAgain() {
        Future<Void> s = timer.sleep(Duration.ZERO);
        ManualTask<Void> t = new ManualTask<>(s);
        assertTrue(t.poll());
        assertInstanceOf(IllegalStateException.class, t.pollFailure(), "polled after completion");
    }

    @Test
    void manyConcurrentSleepsFromManyThreadsAllFireAndCancelledOnesLeaveNothing() throws Exception {
        TestSupport.runThreads(4, id -> {
            Random rnd = new Random(id);
            List<Future<Void>> sleeps = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sleeps.add(timer.sleep(Duration.ofMillis(1 + rnd.nextInt(30))));
            }
            // Register and cancel another 100 far-future timers while the real ones run.
            List<ManualTask<Void>> doomed = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ManualTask<Void> t = new ManualTask<>(timer.sleep(Duration.ofMinutes(10)));
                assertFalse(t.poll());
                doomed.add(t);
            }
            doomed.forEach(ManualTask::cancel);
            Await.blockOn(Combinators.joinAll(sleeps));
        });
        assertEquals(0, timer.pendingTimers());
    }

    @Test
    void closingTheTimerFailsPendingSleeps() {
        ManualTask<Void> t = new ManualTask<>(timer.sleep(Duration.ofHours(1)));
        assertFalse(t.poll());
        timer.close();
        assertTrue(t.woken(), "closing wakes the waiting task");
        assertTrue(t.poll());
        assertInstanceOf(IllegalStateException.class, t.failure());
        assertThrows(IllegalStateException.class, () -> new ManualTask<>(timer.sleep(Duration.ofSeconds(1))).pollOrThrow());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
