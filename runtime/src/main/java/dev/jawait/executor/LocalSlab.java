package dev.jawait.executor;

import java.util.Arrays;

/**
 * The {@link LocalExecutor}'s slab of task slots, as parallel arrays (no object per slot). A slot
 * hosts one task after another; each new occupant gets a new generation, so that the wakers of the
 * previous one (task id = slot index + generation) are recognised as stale.
 *
 * <p>Everything here belongs to the executor thread and is read and written without
 * synchronisation (other threads may read the arrays for a best-effort task dump). Other threads
 * never touch the slab: a wake from another thread marks the task's own state word and goes
 * through the inbox ({@link LocalTask#markRemoteWake()}), and the executor thread checks the
 * task's generation against its slot's when it takes the wake out.
 */
final class LocalSlab {
    // Run states.
    static final byte FREE = 0;
    static final byte IDLE = 1; // suspended, waiting for a wake
    static final byte SCHEDULED = 2; // in a run queue, owes one poll
    static final byte RUNNING = 3; // being polled
    static final byte NOTIFIED = 4; // woken while being polled: requeue at the back afterwards

    private static final int FIRST_CAPACITY = 16;

    LocalTask<?>[] occupant = new LocalTask<?>[FIRST_CAPACITY];
    byte[] state = new byte[FIRST_CAPACITY];
    private int[] generation = new int[FIRST_CAPACITY];
    private int[] nextFree = new int[FIRST_CAPACITY];
    private int used;
    private int freeHead = -1;

    /** Slots in the slab. */
    int capacity() {
        return occupant.length;
    }

    /** Slots handed out at least once: slots {@code [0, used())} may be occupied. */
    int used() {
        return used;
    }

    /** A free slot (last freed first: its lines are warm). */
    int allocate() {
        if (freeHead >= 0) {
            int slot = freeHead;
            freeHead = nextFree[slot];
            return slot;
        }
        if (used == occupant.length) {
            grow();
        }
        return used++;
    }

    /**
     * The occupant of {@code slot} finished: a new generation begins (so its wakers go stale) and
     * the slot goes on the free list.
     */
    void free(int slot) {
        occupant[slot] = null;
        state[slot] = FREE;
        generation[slot] = (generation[slot] + 1) & LocalTask.GENERATION_MASK;
        nextFree[slot] = freeHead;
        freeHead = slot;
    }

    /** The generation of {@code slot}'s current (or next) occupant. */
    int generation(int slot) {
        return generation[slot];
    }

    private void grow() {
        int size = occupant.length;
        if (size >= LocalTask.MAX_SLOTS) {
            throw new IllegalStateException("a LocalExecutor holds at most " + LocalTask.MAX_SLOTS + " tasks at once");
        }
        occupant = Arrays.copyOf(occupant, size * 2);
        state = Arrays.copyOf(state, size * 2);
        generation = Arrays.copyOf(generation, size * 2);
        nextFree = Arrays.copyOf(nextFree, size * 2);
    }
}
