package dev.jawait.executor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The {@link LocalExecutor}'s slab of task slots, as parallel arrays (no object per slot). A slot
 * hosts one task after another; each new occupant gets a new generation, so that the wakers of the
 * previous one (task id = slot index + generation) are recognised as stale.
 *
 * <p>Everything but the <em>remote word</em> belongs to the executor thread and is read and
 * written without synchronisation. The remote word is the only thing other threads touch: it
 * carries the generation and the "woken from another thread" bits, updated by compare-and-set so
 * that a stale waker can never mark a newer occupant. Remote words live in chunks that never move
 * (the slab grows by adding a chunk as big as all the previous ones), so a compare-and-set from
 * another thread never lands in an array the executor has replaced.
 */
final class LocalSlab {
    // Run states (executor thread only).
    static final byte FREE = 0;
    static final byte IDLE = 1; // suspended, waiting for a wake
    static final byte SCHEDULED = 2; // in a run queue, owes one poll
    static final byte RUNNING = 3; // being polled
    static final byte NOTIFIED = 4; // woken while being polled: requeue at the back afterwards

    // Bits of a remote word below the generation (which fills the upper 32 bits).
    private static final long QUEUED = 1; // a node of this slot is in the inbox
    private static final long PENDING = 2; // a foreign wake of the current generation awaits processing
    private static final long FLAGS = QUEUED | PENDING;

    private static final int LOG_FIRST_CHUNK = 4;
    private static final int FIRST_CHUNK = 1 << LOG_FIRST_CHUNK;

    private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);

    /** Chunk k holds the remote words of slots [16·2^(k-1), 16·2^k) (chunk 0: [0, 16)). */
    private volatile long[][] remote = {new long[FIRST_CHUNK]};

    // Executor thread only (other threads may read them for a best-effort task dump).
    LocalTask<?>[] occupant = new LocalTask<?>[FIRST_CHUNK];
    byte[] state = new byte[FIRST_CHUNK];
    private int[] nextFree = new int[FIRST_CHUNK];
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

    /** Executor thread: a free slot (last freed first: its lines are warm). */
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
     * Executor thread: the occupant of {@code slot} finished; a new generation begins (so its
     * wakers go stale) and the slot goes on the free list. Drops a pending foreign wake (it was for
     * the finished task) but keeps the queued bit: a node of the slot may still be in the inbox and
     * must not be pushed twice.
     */
    void free(int slot) {
        occupant[slot] = null;
        state[slot] = FREE;
        long[] chunk = chunk(slot);
        int i = offset(slot);
        for (;;) {
            long w = (long) WORD.getVolatile(chunk, i);
            long gen = (long) (((int) (w >>> 32) + 1) & LocalTask.GENERATION_MASK) << 32;
            if (WORD.compareAndSet(chunk, i, w, gen | (w & QUEUED))) {
                break;
            }
        }
        nextFree[slot] = freeHead;
        freeHead = slot;
    }

    /** The generation of {@code slot}'s current (or next) occupant. No atomics: opaque read. */
    int generation(int slot) {
        return (int) ((long) WORD.getOpaque(chunk(slot), offset(slot)) >>> 32);
    }

    /**
     * Any thread: records a wake of generation {@code gen} of {@code slot}. Returns {@code true}
     * if the caller must push a node for this slot into the inbox (none is queued), {@code false}
     * if the wake is stale or already owed. Every call that returns for a current generation has
     * made a volatile write, so the waker's earlier writes happen-before the poll it caused.
     */
    boolean markRemoteWake(int slot, int gen) {
        long[] chunk = chunk(slot);
        int i = offset(slot);
        for (;;) {
            long w = (long) WORD.getVolatile(chunk, i);
            if ((int) (w >>> 32) != gen) {
                return false; // the task this waker belonged to has finished
            }
            if (WORD.compareAndSet(chunk, i, w, w | FLAGS)) {
                return (w & QUEUED) == 0;
            }
        }
    }

    /**
     * Executor thread, after polling a node of {@code slot} out of the inbox: clears both bits and
     * returns whether a wake of the current generation was pending.
     */
    boolean takeRemoteWake(int slot) {
        long[] chunk = chunk(slot);
        int i = offset(slot);
        for (;;) {
            long w = (long) WORD.getVolatile(chunk, i);
            if (WORD.compareAndSet(chunk, i, w, w & ~FLAGS)) {
                return (w & PENDING) != 0;
            }
        }
    }

    /** Whether a wake from another thread waits in the inbox (for the task dump; any thread). */
    boolean remoteWakePending(int slot) {
        return ((long) WORD.getVolatile(chunk(slot), offset(slot)) & PENDING) != 0;
    }

    private void grow() {
        int size = occupant.length;
        if (size >= LocalTask.MAX_SLOTS) {
            throw new IllegalStateException("a LocalExecutor holds at most " + LocalTask.MAX_SLOTS + " tasks at once");
        }
        occupant = Arrays.copyOf(occupant, size * 2);
        state = Arrays.copyOf(state, size * 2);
        nextFree = Arrays.copyOf(nextFree, size * 2);
        long[][] chunks = remote;
        long[][] more = Arrays.copyOf(chunks, chunks.length + 1);
        more[chunks.length] = new long[size]; // as many slots as all the previous chunks
        remote = more; // volatile: other threads find the new chunk through it
    }

    private long[] chunk(int slot) {
        return remote[chunkIndex(slot)];
    }

    private static int chunkIndex(int slot) {
        return 32 - Integer.numberOfLeadingZeros(slot >>> LOG_FIRST_CHUNK);
    }

    private static int offset(int slot) {
        int k = chunkIndex(slot);
        return k == 0 ? slot : slot - (FIRST_CHUNK << (k - 1));
    }
}
