package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jawait.Await;
import dev.jawait.Poll;
import dev.jawait.events.TestSupport;
import dev.jawait.executor.LocalTestFutures.Scripted;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;

/** Scenarios every spawner must pass, run by each executor's own test. */
final class SpawnerScenarios {
    private SpawnerScenarios() {}

    /**
     * A task aborted from the test thread while a {@code spawner} thread polls it (and the poll
     * wakes it, which would owe another poll): it is cancelled once that poll returns, never
     * during it, and never polled again.
     */
    static void abortDuringAPollCancelsRightAfterIt(Spawner spawner) {
        CountDownLatch inPoll = new CountDownLatch(1);
        CountDownLatch aborted = new CountDownLatch(1);
        Scripted<String> task = new Scripted<>(cx -> {
            inPoll.countDown();
            TestSupport.await(aborted);
            cx.waker().wakeByRef(); // would owe another poll, but the abort wins
            return Poll.pending();
        });
        JoinHandle<String> handle = spawner.spawn(task);
        TestSupport.await(inPoll);
        handle.abort();
        assertEquals(0, task.cancels.get(), "never cancelled during its own poll");
        aborted.countDown();
        assertThrows(CancellationException.class, () -> Await.blockOn(handle));
        assertEquals(1, task.polls.get());
        assertEquals(1, task.cancels.get());
    }
}
