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

    /** Allocations between two renewals of the occupant array, at least; see {@link #renew()}. */
    static final int RENEW_INTERVAL = 4096;

    /**
     * The largest occupant array that is renewed: a larger copy costs more than the fences it
     * saves, and from half a G1 region up (512 KiB with a 2 GiB heap) it would be allocated in
     * the old generation anyway.
     */
    static final int RENEW_MAX_CAPACITY = 1 << 14;

    LocalTask<?>[] occupant = new LocalTask<?>[FIRST_CAPACITY];
    byte[] state = new byte[FIRST_CAPACITY];
    private int[] generation = new int[FIRST_CAPACITY];
    private int[] nextFree = new int[FIRST_CAPACITY];
    private int used;
    private int freeHead = -1;
    private int untilRenew = RENEW_INTERVAL;

    /** Slots in the slab. */
    int capacity() {
        return occupant.length;
    }

    /**
     * Slots with an occupant, counted from the run states. Exact on the executor thread; from
     * another thread, a best-effort snapshot (it may read an array the executor has since grown).
     */
    int occupied() {
        byte[] states = state;
        int end = Math.min(used, states.length);
        int count = 0;
        for (int slot = 0; slot < end; slot++) {
            if (states[slot] != FREE) {
                count++;
            }
        }
        return count;
    }

    /** Slots handed out at least once: slots {@code [0, used())} may be occupied. */
    int used() {
        return used;
    }

    /** A free slot (last freed first: its lines are warm). */
    int allocate() {
        if (--untilRenew < 0) {
            renew();
        }
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

    /**
     * Replaces the occupant array with a fresh copy, so that it stays in the young generation.
     * Every spawn stores a new task into it; once the array is old, G1's write barrier makes each
     * such store of a young object into an old one pay a StoreLoad fence (BENCHMARKS.md, runs N
     * and O: about the cost of an atomic instruction; JMH's perfasm put 15 % of skynet's samples
     * on it). A copy made every few thousand allocations never lives through enough collections
     * to be promoted.
     */
    private void renew() {
        int capacity = occupant.length;
        untilRenew = Math.max(RENEW_INTERVAL, capacity * 4);
        if (capacity <= RENEW_MAX_CAPACITY) {
            occupant = occupant.clone();
        }
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
