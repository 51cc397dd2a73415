package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A future whose {@code poll} returns {@code null} breaks the contract: its own task fails with a
 * {@link NullPointerException} that names it, and the executor goes on running the others.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NullPollTest {

    @Test
    void onTheLocalExecutor() {
        LocalExecutor executor = LocalExecutor.create();
        try {
            JoinHandle<String> broken = executor.spawn(new ReturnsNull());
            assertBrokenAndStillRunning(executor, broken, executor::blockOn);
        } finally {
            executor.close();
        }
    }

    @Test
    void onTheWorkStealingExecutor() {
        try (WorkStealingExecutor executor = WorkStealingExecutor.create(2)) {
            JoinHandle<String> broken = executor.spawn(new ReturnsNull());
            assertBrokenAndStillRunning(executor, broken, executor::blockOn);
        }
    }

    @Test
    void onAnExecutorSpawner() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            ExecutorSpawner spawner = ExecutorSpawner.on(pool);
            JoinHandle<String> broken = spawner.spawn(new ReturnsNull());
            assertBrokenAndStillRunning(spawner, broken, Await::blockOn);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void inBlockOn() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Await.blockOn(new ReturnsNull()));
        assertTrue(e.getMessage().contains("ReturnsNull"), e.getMessage());
    }

    private interface Driver {
        <T> T blockOn(Future<T> future);
    }

    private static void assertBrokenAndStillRunning(Spawner spawner, JoinHandle<String> broken, Driver driver) {
        NullPointerException e = assertThrows(NullPointerException.class, () -> driver.blockOn(broken));
        assertTrue(e.getMessage().contains("returned null") && e.getMessage().contains("ReturnsNull"), e.getMessage());
        assertEquals("fine", driver.blockOn(spawner.spawn(Future.ready("fine"))), "the executor runs on");
    }

    /** Breaks the contract: returns {@code null} instead of a {@link Poll}. */
    private static final class ReturnsNull implements Future<String> {
        @Override
        public Poll<String> poll(Context cx) {
            return null;
        }

        @Override
        public String toString() {
            return "ReturnsNull";
        }
    }
}
