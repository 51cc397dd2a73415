package dev.jawait.bench.floor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.ContextBridge;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.Arrays;

/**
 * A single-thread executor of the <b>task-ID</b> strategy that does only what the contract and
 * issue #2 require of it, written plainly: a yardstick for skynet, the part of
 * {@code LocalExecutor}'s cost that the strategy itself imposes, as opposed to its other duties.
 *
 * <p>What it keeps, because the issue or the contract requires it of every task: a slab of slots
 * with a generation per slot (a waker is slot + generation, and a stale one never wakes the slot's
 * next occupant); a run state per slot, so that a task owes at most one poll however often it is
 * woken, and a wake during its own poll polls it again; a LIFO stack of slots for spawns; a
 * {@link JoinHandle} per spawn that the awaiting task polls; one {@link Context} whose waker is
 * the task being polled.
 *
 * <p>What it leaves out, all of which {@code LocalExecutor} must do: wakes, spawns and awaits from
 * other threads (the inbox, the owner protocol's marks); abort and cancellation; failures (a poll
 * that throws ends the run); the cooperative budget; the fairness rules (the LIFO slot's limit,
 * the FIFO queue's turn, the spill of old spawns); timers; shutdown; the task count and dump.
 * Not for use outside the benchmarks.
 */
public final class MinimalTaskIdExecutor implements Spawner {
    private static final byte FREE = 0;
    private static final byte IDLE = 1;
    private static final byte SCHEDULED = 2;
    private static final byte RUNNING = 3;
    private static final byte NOTIFIED = 4;

    private Task<?>[] occupant = new Task<?>[16];
    private byte[] state = new byte[16];
    private int[] generation = new int[16];
    private int[] nextFree = new int[16];
    private int used;
    private int freeHead = -1;

    private int[] ready = new int[16];
    private int readyCount;

    private int polling = -1;
    private final Context context = ContextBridge.newLookup(this::pollingWaker);

    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
        return start(future);
    }

    private <T> Task<T> start(Future<T> future) {
        int slot = allocate();
        Task<T> task = new Task<>(this, future, slot, generation[slot]);
        occupant[slot] = task;
        state[slot] = SCHEDULED;
        push(slot);
        return task;
    }

    /** Polls tasks until none is scheduled; returns {@code main}'s value. */
    public <T> T run(Future<T> main) {
        Task<T> handle = start(main);
        while (readyCount > 0) {
            int slot = ready[--readyCount];
            Task<?> task = occupant[slot];
            state[slot] = RUNNING;
            polling = slot;
            Poll<?> poll = task.future.poll(context);
            polling = -1;
            if (poll.isReady()) {
                free(slot);
                task.complete(poll);
            } else if (state[slot] == NOTIFIED) {
                state[slot] = SCHEDULED;
                push(slot);
            } else {
                state[slot] = IDLE;
            }
        }
        if (handle.outcome == null) {
            throw new IllegalStateException("main is still pending and nothing is scheduled");
        }
        return handle.outcome.get();
    }

    private Waker pollingWaker() {
        return polling >= 0 ? occupant[polling] : Waker.noop();
    }

    /** What a task's waker does: schedule slot {@code slot} if it still holds generation {@code gen}. */
    void wake(int slot, int gen) {
        if (generation[slot] != gen) {
            return;
        }
        switch (state[slot]) {
            case IDLE:
                state[slot] = SCHEDULED;
                push(slot);
                break;
            case RUNNING:
                state[slot] = NOTIFIED;
                break;
            default:
                break;
        }
    }

    private void push(int slot) {
        if (readyCount == ready.length) {
            ready = Arrays.copyOf(ready, readyCount * 2);
        }
        ready[readyCount++] = slot;
    }

    private int allocate() {
        if (freeHead >= 0) {
            int slot = freeHead;
            freeHead = nextFree[slot];
            return slot;
        }
        if (used == occupant.length) {
            int size = used * 2;
            occupant = Arrays.copyOf(occupant, size);
            state = Arrays.copyOf(state, size);
            generation = Arrays.copyOf(generation, size);
            nextFree = Arrays.copyOf(nextFree, size);
        }
        return used++;
    }

    private void free(int slot) {
        occupant[slot] = null;
        state[slot] = FREE;
        generation[slot]++;
        nextFree[slot] = freeHead;
        freeHead = slot;
    }

    /** A task: its join handle and its waker in one object, as in {@code LocalExecutor}. */
    static final class Task<T> extends FloorTask<T> {
        private final MinimalTaskIdExecutor executor;
        private final int slot;
        private final int generation;

        Task(MinimalTaskIdExecutor executor, Future<T> future, int slot, int generation) {
            super(future);
            this.executor = executor;
            this.slot = slot;
            this.generation = generation;
        }

        @Override
        public void wakeByRef() {
            executor.wake(slot, generation);
        }
    }
}
