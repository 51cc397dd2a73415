package dev.jawait.executor;

import static dev.jawait.executor.WorkStealingTestSupport.await;
import static dev.jawait.executor.WorkStealingTestSupport.awaitTrue;
import static dev.jawait.executor.WorkStealingTestSupport.terminate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.executor.WorkStealingTestSupport.Controlled;
import dev.jawait.executor.WorkStealingTestSupport.SumAll;
import dev.jawait.task.JoinHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reference counts return to zero, task objects are reused, and stale references stay harmless. */
class WorkStealingRecycleTest {

    /**
     * Upper bound on objects allocated: peak live tasks (about 1,000 here) plus what the free
     * lists can strand (256 per worker), with room to spare; far below the number of spawns.
     */
    private static final long BOUND = 5_000;

    @Test
    @Timeout(120)
    void aMillionSpawnsReuseABoundedSetOfTaskObjects() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);
        int batch = 1000;
        int batches = 500;
        // Half the spawns come from outside the pool (injection queue, shared free list) ...
        for (int b = 0; b < batches; b++) {
            List<JoinHandle<Integer>> handles = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                handles.add(ex.spawn(Future.ready(1)));
            }
            assertEquals(batch, ex.blockOn(new SumAll(handles)));
        }
        // ... half from inside a task (worker rings, worker free lists).
        long inside = ex.blockOn(new Future<Long>() {
            int round;
            SumAll current;
            long total;

            @Override
            public Poll<Long> poll(Context cx) {
                while (round < batches) {
                    if (current == null) {
                        List<JoinHandle<Integer>> handles = new ArrayList<>(batch);
                        for (int i = 0; i < batch; i++) {
                            handles.add(ex.spawn(Future.ready(1)));
                        }
                        current = new SumAll(handles);
                    }
                    Poll<Long> p = current.poll(cx);
                    if (p.isPending()) {
                        return Poll.pending();
                    }
                    total += p.get();
                    current = null;
                    round++;
                }
                return Poll.ready(total);
            }
        });
        assertEquals((long) batch * batches, inside);
        long spawned = 2L * batch * batches + batches + 1;
        long allocated = ex.allocatedTaskObjects();
        assertTrue(allocated < BOUND, "allocated " + allocated + " task objects for " + spawned + " spawns");
        awaitTrue("all tasks complete", 5, () -> ex.liveTaskCount() == 0);
        terminate(ex);
    }

    @Test
    @Timeout(60)
    void wakerClonesReleasedByWakeAndDropLetObjectsBeReused() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);
        ExecutorService foreign = Executors.newFixedThreadPool(2);
        int batch = 1000;
        int batches = 50;
        for (int b = 0; b < batches; b++) {
            List<JoinHandle<Integer>> handles = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                handles.add(ex.spawn(new Future<Integer>() {
                    boolean suspended;

                    @Override
                    public Poll<Integer> poll(Context cx) {
                        if (suspended) {
                            return Poll.ready(1);
                        }
                        suspended = true;
                        Waker a = cx.waker().clone();
                        Waker b = a.clone();
                        Waker c = cx.waker().clone();
                        b.drop();
                        // a and c leave with a foreign thread: one wakes by value, one is dropped.
                        foreign.execute(() -> {
                            c.wakeByRef();
                            c.drop();
                            a.wake();
                        });
                        return Poll.pending();
                    }
                }));
            }
            assertEquals(batch, ex.blockOn(new SumAll(handles)));
        }
        foreign.shutdown();
        long allocated = ex.allocatedTaskObjects();
        assertTrue(allocated < BOUND, "allocated " + allocated + " objects for " + batch * batches + " spawns");
        terminate(ex);
    }

    /**
     * A waker clone that is kept after its task completed pins the object: no later task gets it,
     * and waking it does nothing. Once dropped, the object goes back to the pool and is reused.
     */
    @Test
    @Timeout(30)
    void anUndroppedWakerPinsItsTaskObject() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(1);
        AtomicReference<Waker> kept = new AtomicReference<>();
        JoinHandle<String> first = ex.spawn(cx -> {
            kept.set(cx.waker().clone());
            return Poll.ready("done");
        });
        WsTask pinned = ((WsJoinHandle<String>) first).taskObject(); // the handle holds it until awaited
        assertEquals("done", Await.blockOn(first));
        awaitTrue("complete", 5, pinned::isComplete);
        assertEquals(1, pinned.referenceCount());

        List<Controlled<String>> later = new ArrayList<>();
        List<JoinHandle<String>> handles = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Controlled<String> f = new Controlled<>();
            later.add(f);
            JoinHandle<String> h = ex.spawn(f);
            handles.add(h);
            assertNotSame(pinned, ((WsJoinHandle<String>) h).taskObject(), "a pinned object was reused");
        }
        for (Controlled<String> f : later) {
            await(f.firstPoll);
        }
        kept.get().wakeByRef(); // the task it belongs to is complete: nothing happens
        kept.get().wakeByRef();
        Await.blockOn(ex.spawn(Future.ready(null))); // let any wrongly queued poll run
        for (Controlled<String> f : later) {
            assertEquals(1, f.polls(), "a stale wake polled another task");
        }
        for (int i = 0; i < later.size(); i++) {
            later.get(i).complete("x");
            Await.blockOn(handles.get(i));
        }

        kept.get().drop(); // last reference: back to the shared pool (this is not a worker thread)
        assertEquals(0, pinned.referenceCount());
        JoinHandle<String> reuse = ex.spawn(Future.ready("reuse"));
        assertSame(pinned, ((WsJoinHandle<String>) reuse).taskObject(), "the released object is reused next");
        assertEquals("reuse", Await.blockOn(reuse));
        terminate(ex);
    }

    /**
     * A handle outlives its task's object: the object now runs another task, and the old handle's
     * abort, isFinished and poll concern only the old task.
     */
    @Test
    @Timeout(30)
    void aStaleHandleNeverAffectsTheObjectsNewOccupant() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(1);
        JoinHandle<String> old = ex.spawn(Future.ready("old"));
        WsTask object = ((WsJoinHandle<String>) old).taskObject(); // the handle holds it until awaited
        long oldGeneration = object.generation();
        // Complete first: then the handle's reference is the last, and awaiting from this thread
        // drops it here, so the object goes to the shared pool (not to the worker's own list).
        awaitTrue("complete", 5, object::isComplete);
        assertEquals("old", Await.blockOn(old));
        assertNull(((WsJoinHandle<String>) old).taskObject(), "the handle gave the object up");
        awaitTrue("recycled", 5, () -> object.isComplete() && object.referenceCount() == 0);

        // Its last reference was the handle's, given up on this thread once awaited: the object
        // went to the shared pool, where a spawn from this thread takes it.
        Controlled<String> occupant = new Controlled<>();
        WsJoinHandle<String> freshHandle = (WsJoinHandle<String>) ex.spawn(occupant);
        assertSame(object, freshHandle.taskObject(), "expected the object to be reused");
        assertTrue(object.generation() != oldGeneration);
        await(occupant.firstPoll);

        old.abort(); // stale: must not cancel the new occupant
        old.abort();
        // The race the generation covers: an abort that read the object just before its handle
        // gave it up reaches the object with the old generation.
        object.abort(oldGeneration);
        assertTrue(old.isFinished());
        assertThrows(IllegalStateException.class, () -> old.poll(Context.of(Waker.noop())));
        Await.blockOn(ex.spawn(Future.ready(null)));
        assertEquals(0, occupant.cancels.get());
        assertFalse(freshHandle.isFinished());

        occupant.complete("new");
        assertEquals("new", Await.blockOn(freshHandle));
        assertEquals(0, occupant.cancels.get());
        terminate(ex);
    }

    /**
     * Misuse, shown to be harmless or detected: a waker used after its last drop. On an object in
     * the pool, a second drop is detected; on a reused object, a stale wakeByRef costs the new
     * occupant one spurious poll, which the Future contract allows, and never an overlapping one.
     */
    @Test
    @Timeout(30)
    void aWakerUsedAfterItsDropIsDetectedOrCostsOneSpuriousPoll() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(1);
        AtomicReference<Waker> leaked = new AtomicReference<>();
        JoinHandle<String> first = ex.spawn(cx -> {
            Waker w = cx.waker().clone();
            leaked.set(w);
            w.drop(); // the future keeps using it anyway
            return Poll.ready("first");
        });
        WsTask object = ((WsJoinHandle<String>) first).taskObject(); // the handle holds it until awaited
        // Complete first: awaiting from this thread then drops the last reference here, so the
        // object goes to the shared pool, where the spawn from this thread below takes it.
        awaitTrue("complete", 5, object::isComplete);
        Await.blockOn(first);
        awaitTrue("recycled", 5, () -> object.isComplete() && object.referenceCount() == 0);
        assertThrows(IllegalStateException.class, () -> leaked.get().drop());
        assertThrows(IllegalStateException.class, () -> leaked.get().wake());
        assertThrows(IllegalStateException.class, () -> leaked.get().clone());
        leaked.get().wakeByRef(); // complete: no-op

        AtomicReference<JoinHandle<String>> fresh = new AtomicReference<>();
        Controlled<String> occupant = new Controlled<>();
        fresh.set(ex.spawn(occupant));
        assertSame(object, ((WsJoinHandle<String>) fresh.get()).taskObject());
        await(occupant.firstPoll);
        Await.blockOn(ex.spawn(Future.ready(null)));
        assertEquals(1, occupant.polls());
        leaked.get().wakeByRef();
        awaitTrue("spurious poll", 5, () -> occupant.polls() == 2);
        Await.blockOn(ex.spawn(Future.ready(null)));
        assertEquals(2, occupant.polls(), "exactly one spurious poll");
        occupant.complete("ok");
        assertEquals("ok", Await.blockOn(fresh.get()));
        terminate(ex);
    }
}
