package dev.jawait.executor;

import static dev.jawait.executor.LocalTestFutures.wakeConcurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.Await;
import dev.jawait.executor.LocalTestFutures.Blocker;
import dev.jawait.executor.LocalTestFutures.PingPong;
import dev.jawait.executor.LocalTestFutures.SelfWaking;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lost-wakeup and wake-coalescing rules of the flag strategy ({@link BlockOn},
 * {@link Await#blockOn}) under real threads.
 */
class BlockOnStressTest {
    private static final int PING_PONGS = 20_000;
    private static final int ROUNDS = 200;

    @Test
    @Timeout(30)
    void aWakeFromAnotherThreadWhileBlockOnParksIsNeverLost() throws Exception {
        PingPong pingPong = new PingPong(PING_PONGS);
        Thread waker = new Thread(pingPong::wakeEachTurn, "ping-pong-waker");
        waker.start();
        assertEquals(PING_PONGS, Await.blockOn(pingPong));
        waker.join();
    }

    @Test
    @Timeout(30)
    void concurrentWakesDuringAPollOweExactlyOneMorePoll() throws Exception {
        Blocker blocker = new Blocker();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                Await.blockOn(blocker);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "block-on-runner");
        runner.start();
        for (int round = 0; round < ROUNDS; round++) {
            blocker.entered.acquire(); // poll number round + 1 is in progress
            assertEquals(round + 1, blocker.polls.get(), "polls at round " + round);
            wakeConcurrently(blocker.storedOrCurrentWaker(), 4, 100);
            blocker.release.release();
        }
        blocker.entered.acquire();
        assertEquals(ROUNDS + 1, blocker.polls.get(), "exactly one poll per batch");
        blocker.finish();
        blocker.release.release();
        runner.join();
        assertEquals(null, failure.get());
    }

    @Test
    @Timeout(30)
    void aFutureWakingItselfDuringItsPollIsPolledAgainOncePerWake() {
        SelfWaking future = new SelfWaking(1000);
        Await.blockOn(future);
        // SelfWaking returns ready on its 1001st poll; more or fewer polls would change that count.
        assertEquals(-1, future.remaining());
    }

    @Test
    @Timeout(30)
    void wakesAndPollsOfBlockOnAllocateNothingAfterWarmUp() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int yields = 200_000;
        Await.blockOn(new SelfWaking(yields));
        long me = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(me);
        Await.blockOn(new SelfWaking(yields));
        long allocated = threads.getThreadAllocatedBytes(me) - before;
        assertEquals(0, allocated / yields, "bytes per wake+poll (total " + allocated + ")");
    }
}
