package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Future;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One slot of the {@link LocalExecutor}'s slab. The object lives as long as the executor and
 * hosts one task after another; each new occupant gets a new generation, so that the wakers of the
 * previous one (task id = slot index + generation) are recognised as stale.
 *
 * <p>All fields but {@link #remote} belong to the executor thread and are read and written
 * without synchronisation. {@code remote} is the only word other threads touch: it carries the
 * generation and the "woken from another thread" bits, updated by compare-and-set so that a
 * stale waker can never mark a newer occupant.
 */
final class LocalTask extends LocalInbox.Node {
    // Run states (executor thread only).
    static final byte FREE = 0;
    static final byte IDLE = 1; // suspended, waiting for a wake
    static final byte SCHEDULED = 2; // in the run queue, owes one poll
    static final byte RUNNING = 3; // being polled
    static final byte NOTIFIED = 4; // woken while being polled: requeue at the back afterwards

    // Bits of `remote` below the generation (which fills the upper 32 bits).
    static final long QUEUED = 1; // this slot is in the inbox
    static final long PENDING = 2; // a foreign wake of the current generation awaits processing
    private static final long FLAGS = QUEUED | PENDING;

    private static final VarHandle REMOTE;

    static {
        try {
            REMOTE = MethodHandles.lookup().findVarHandle(LocalTask.class, "remote", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;

    // Executor thread only.
    int generation;
    byte state = FREE;
    Future<Object> future;
    LocalJoinHandle<Object> handle;
    Context context;
    int nextFree = -1;
    /** When it was last queued, on the executor's queue clock (for the fairness rule). */
    int queuedAt;

    /** (generation << 32) | PENDING | QUEUED; CAS-updated by foreign wakers and the executor. */
    private volatile long remote;

    LocalTask(int index) {
        this.index = index;
    }

    /** The task id of the current occupant: what its wakers carry. */
    long id() {
        return LocalExecutor.taskId(index, generation);
    }

    /**
     * Records a wake of generation {@code gen} from another thread. Returns {@code true} if the
     * caller must push this slot into the inbox (it was not queued), {@code false} if the wake is
     * stale or already owed. Every call that returns for a current generation has made a volatile
     * write, so the waker's earlier writes happen-before the poll it caused.
     */
    boolean markRemoteWake(int gen) {
        for (;;) {
            long w = remote;
            if ((int) (w >>> 32) != gen) {
                return false; // the task this waker belonged to has finished
            }
            if (REMOTE.compareAndSet(this, w, w | FLAGS)) {
                return (w & QUEUED) == 0;
            }
        }
    }

    /** Whether a wake from another thread waits in the inbox (for the task dump; any thread). */
    boolean remoteWakePending() {
        return (remote & PENDING) != 0;
    }

    /**
     * Executor side, after polling this slot out of the inbox: clears both bits and returns whether
     * a wake of the current generation was pending.
     */
    boolean takeRemoteWake() {
        for (;;) {
            long w = remote;
            if (REMOTE.compareAndSet(this, w, w & ~FLAGS)) {
                return (w & PENDING) != 0;
            }
        }
    }

    /**
     * Executor side: the occupant finished; a new generation begins. Drops a pending foreign wake
     * (it was for the finished task) but keeps the queued bit: the slot may still be in the inbox
     * and must not be pushed twice.
     */
    void nextGeneration() {
        generation++;
        long gen = (long) generation << 32;
        for (;;) {
            long w = remote;
            if (REMOTE.compareAndSet(this, w, gen | (w & QUEUED))) {
                return;
            }
        }
    }
}
