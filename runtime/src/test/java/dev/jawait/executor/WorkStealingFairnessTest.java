package dev.jawait.executor;

import static dev.jawait.executor.WorkStealingTestSupport.awaitTrue;
import static dev.jawait.executor.WorkStealingTestSupport.terminate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing starves on a single worker: not behind a task that keeps waking itself, not behind two
 * tasks waking each other through the LIFO slot, and not (from outside) behind a busy local ring.
 * One worker makes starvation deterministic: there is nobody to steal the victim.
 */
class WorkStealingFairnessTest {

    /** Wakes itself during every poll until told to stop; counts its polls. */
    private static final class SelfWaker implements Future<Void> {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong polls = new AtomicLong();

        @Override
        public Poll<Void> poll(Context cx) {
            polls.incrementAndGet();
            if (stop.get()) {
                return Poll.ready(null);
            }
            cx.waker().wakeByRef();
            return Poll.pending();
        }
    }

    /** Needs {@code n} polls, waking itself each time (so it competes like the hog does). */
    private static Future<String> needsPolls(int n) {
        return new Future<>() {
            int polls;

            @Override
            public Poll<String> poll(Context cx) {
                if (++polls == n) {
                    return Poll.ready("done");
                }
                cx.waker().wakeByRef();
                return Poll.pending();
            }
        };
    }

    @Test
    @Timeout(20)
    void aSelfWakingTaskDoesNotStarveOthers() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(1);
        SelfWaker hog = new SelfWaker();
        JoinHandle<Void> hogHandle = ex.spawn(hog);
        awaitTrue("hog running", 5, () -> hog.polls.get() > 100);

        // From outside (injection queue) ...
        assertEquals("done", Await.blockOn(ex.spawn(needsPolls(50))));
        // ... and from inside, behind the hog in the same ring.
        AtomicReference<JoinHandle<String>> inner = new AtomicReference<>();
        Await.blockOn(ex.spawn(cx -> {
            inner.set(ex.spawn(needsPolls(50)));
            return Poll.ready(null);
        }));
        assertEquals("done", Await.blockOn(inner.get()));
        long before = hog.polls.get();
        awaitTrue("hog still running", 5, () -> hog.polls.get() > before);
        hog.stop.set(true);
        Await.blockOn(hogHandle);
        terminate(ex);
    }

    /**
     * A and B wake each other forever: each wake from the worker puts the other in the LIFO slot.
     * Without the cap on consecutive LIFO polls, C would never run.
     */
    @Test
    @Timeout(20)
    void tasksWakingEachOtherThroughTheLifoSlotDoNotStarveOthers() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(1);
        AtomicReference<Waker> a = new AtomicReference<>();
        AtomicReference<Waker> b = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger pingPongs = new AtomicInteger();
        JoinHandle<Void> ha = ex.spawn(pingPong(a, b, stop, pingPongs));
        JoinHandle<Void> hb = ex.spawn(pingPong(b, a, stop, pingPongs));
        awaitTrue("ping-pong running", 5, () -> pingPongs.get() > 1000);

        assertEquals("done", Await.blockOn(ex.spawn(Future.ready("done"))));
        // From inside: lands in the same ring the ping-pong keeps spilling into.
        AtomicReference<JoinHandle<String>> inner = new AtomicReference<>();
        JoinHandle<Void> spawner = ex.spawn(cx -> {
            inner.set(ex.spawn(Future.ready("inner")));
            return Poll.ready(null);
        });
        Await.blockOn(spawner);
        assertEquals("inner", Await.blockOn(inner.get()));

        int before = pingPongs.get();
        awaitTrue("ping-pong still running", 5, () -> pingPongs.get() > before);
        stop.set(true);
        a.get().wakeByRef();
        b.get().wakeByRef();
        Await.blockOn(ha);
        Await.blockOn(hb);
        a.get().drop();
        b.get().drop();
        terminate(ex);
    }

    /** Two of these wake each other forever (each from inside its own poll); shared with {@link SchedulingOrderTest}. */
    static Future<Void> pingPong(
            AtomicReference<Waker> mine, AtomicReference<Waker> other, AtomicBoolean stop, AtomicInteger count) {
        return cx -> {
            if (stop.get()) {
                return Poll.ready(null);
            }
            if (mine.get() == null) {
                mine.set(cx.waker().clone());
            }
            count.incrementAndGet();
            Waker o = other.get();
            if (o != null) {
                o.wakeByRef();
            }
            return Poll.pending();
        };
    }

    /**
     * A task that spawns its successor on every poll keeps the worker's queues non-empty forever; a
     * task injected from outside still runs (the injection queue is checked every few ticks).
     */
    @Test
    @Timeout(20)
    void injectedTasksRunWhileTheLocalRingNeverEmpties() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong chain = new AtomicLong();
        ex.spawnDetached(new ChainLink(ex, stop, chain));
        awaitTrue("chain running", 5, () -> chain.get() > 1000);
        for (int i = 0; i < 20; i++) {
            assertEquals(i, Await.blockOn(ex.spawn(Future.ready(i))));
        }
        long before = chain.get();
        awaitTrue("chain still running", 5, () -> chain.get() > before);
        stop.set(true);
        awaitTrue("chain stopped", 5, () -> ex.liveTaskCount() == 0);
        assertTrue(chain.get() > 1000);
        terminate(ex);
    }

    /** Spawns its successor (detached), then completes, until told to stop; shared with {@link SchedulingOrderTest}. */
    static final class ChainLink implements Future<Void> {
        private final Spawner spawner;
        private final AtomicBoolean stop;
        private final AtomicLong count;

        ChainLink(Spawner spawner, AtomicBoolean stop, AtomicLong count) {
            this.spawner = spawner;
            this.stop = stop;
            this.count = count;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            count.incrementAndGet();
            if (!stop.get()) {
                spawner.spawn(new ChainLink(spawner, stop, count)).detach();
            }
            return Poll.ready(null);
        }
    }
}
