package dev.jawait.executor;

import dev.jawait.internal.Cells;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A worker's spawn deque: the tasks its running tasks spawned, which it runs newest first (so a
 * tree of spawns is walked depth first) while other workers may steal the oldest (in a tree, the
 * biggest piece of work left). A Chase–Lev work-stealing deque (Chase and Lev, "Dynamic Circular
 * Work-Stealing Deque", SPAA 2005; the memory orderings of Lê, Pop, Cohen and Zappa Nardelli,
 * PPoPP 2013): the owner {@link #push pushes} and {@link #pop pops} at the bottom without a CAS
 * except for the last task, thieves {@link #steal} one task at a time from the top with a CAS.
 *
 * <p>The buffer starts at {@value #INITIAL_CAPACITY} slots and doubles when full, up to
 * {@value #MAX_CAPACITY}; beyond that {@link #push} refuses and the worker moves the oldest task
 * elsewhere. Why grow rather than spill early: a task moved out of the deque waits in the FIFO
 * ring, where the worker's fairness rule soon runs it, and in a tree of spawns each such task is a
 * big subtree started early; with a small fixed bound, skynet's walk (a few hundred pending
 * siblings once the periodic fairness spills nest) overflowed it, and each overflow started
 * another subtree, which cascaded into a breadth-first walk (45,000 overflows per 1.1-million-task
 * tree with 256 slots; none with room to grow).
 *
 * <p>Indices are free-running {@code int}s compared by difference, so wrap-around is harmless.
 * {@code top} only grows (a CAS by a thief, or by the owner racing thieves for the last task);
 * {@code bottom} is written only by the owner.
 *
 * <p>Memory ordering. {@link #push} writes the slot, then {@code bottom} with a release store: a
 * thief's volatile read of {@code bottom} then sees the slot. The store is also the "publish" half
 * of the parking handshake ({@link WsIdle}); the store-load order that needs comes from the fence
 * of the {@link WsIdle#notifyOne} that follows every push.
 * {@link #pop} stores the decremented {@code bottom} (volatile) <em>before</em> it reads
 * {@code top} (volatile), and a thief reads {@code top} before {@code bottom}: of an owner and a
 * thief going for the same last task, at least one sees the other, and then the CAS on
 * {@code top} decides. A thief reads its slot before its CAS; a slot is overwritten only once
 * {@code top} has moved past it (the owner checks the room against {@code top}), so a thief that
 * read an overwritten slot fails its CAS. Slots are not cleared: a stale reference to a pooled
 * task object costs nothing. Growing copies the live slots to a new buffer, publishes it (volatile)
 * before the {@code bottom} store of the push that needed it, and never writes the old buffer
 * again, so a thief that read the old buffer still reads the right task for the {@code top} its
 * CAS succeeds on.
 */
final class WsSpawnDeque {
    /** Slots of a new deque's buffer. */
    static final int INITIAL_CAPACITY = 256;
    /** Most tasks the deque holds; the owner moves the oldest elsewhere when it is full. */
    static final int MAX_CAPACITY = 1 << 14;

    /** Element access to {@link #topCell} and {@link #bottomCell}. */
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(int[].class);
    /** Where the index sits in its cell. */
    private static final int AT = Cells.INDEX;

    /** Replaced (never modified afterwards) by the owner when it grows; thieves read it volatile. */
    private volatile WsTask[] buffer = new WsTask[INITIAL_CAPACITY];

    /**
     * {@code top}, the thieves' end, alone on its cache line (a {@link Cells cell}), as is
     * {@code bottom}. Otherwise every steal (a CAS on {@code top}) would also take away from the
     * owner the line with {@code bottom}, which it writes at every push and pop (false sharing),
     * and every push and pop would take it from a thief that is reading it; nor may another
     * worker's deque, which a collection can move next to this one, share {@code bottom}'s line.
     */
    private final int[] topCell = new int[Cells.LENGTH];
    /** {@code bottom}: written only by the owner; plain reads by the owner, volatile reads by thieves. */
    private final int[] bottomCell = new int[Cells.LENGTH];

    // ---------------------------------------------------------------- owner

    /**
     * Pushes {@code task} as the newest. Owner only.
     *
     * @return {@code false} if the deque is full (nothing was pushed)
     */
    boolean push(WsTask task) {
        int b = (int) CELL.get(bottomCell, AT);
        int t = (int) CELL.getAcquire(topCell, AT);
        WsTask[] a = buffer;
        if (b - t >= a.length) {
            if (a.length >= MAX_CAPACITY) {
                return false;
            }
            a = grow(a, t, b);
        }
        a[b & (a.length - 1)] = task;
        // Release is all a thief needs; the wakeup handshake's store-load order comes from the
        // fence of the notifyOne that follows every push (WsIdle).
        CELL.setRelease(bottomCell, AT, b + 1);
        return true;
    }

    /** Copies slots {@code t .. b-1} into a buffer twice as big and publishes it. */
    private WsTask[] grow(WsTask[] old, int t, int b) {
        WsTask[] a = new WsTask[old.length * 2];
        int oldMask = old.length - 1;
        int mask = a.length - 1;
        for (int i = t; i != b; i++) {
            a[i & mask] = old[i & oldMask];
        }
        buffer = a;
        return a;
    }

    /** Takes the newest task, or {@code null} if the deque is empty. Owner only. */
    WsTask pop() {
        int b = (int) CELL.get(bottomCell, AT);
        // Only the owner adds, so a deque that looks empty to it is empty: skip the fence.
        if (b - (int) CELL.getAcquire(topCell, AT) <= 0) {
            return null;
        }
        b--;
        CELL.setVolatile(bottomCell, AT, b); // claim the slot before looking at what thieves did
        int t = (int) CELL.getVolatile(topCell, AT);
        int size = b - t;
        if (size < 0) { // a thief took the last task
            CELL.setRelease(bottomCell, AT, t);
            return null;
        }
        WsTask[] a = buffer;
        WsTask task = a[b & (a.length - 1)];
        if (size > 0) {
            return task; // no thief can reach this slot any more
        }
        // The last task: race the thieves for it on `top`, then leave the deque empty.
        boolean won = CELL.compareAndSet(topCell, AT, t, t + 1);
        CELL.setRelease(bottomCell, AT, t + 1);
        return won ? task : null;
    }

    /**
     * The newest task without taking it, or {@code null} if the deque is empty. Owner only, and
     * only a hint: a thief may take it first if it is the last one.
     */
    WsTask peekNewest() {
        int b = (int) CELL.get(bottomCell, AT);
        if (b - (int) CELL.getAcquire(topCell, AT) <= 0) {
            return null;
        }
        WsTask[] a = buffer;
        return a[(b - 1) & (a.length - 1)];
    }

    /** Forgets every task (the owner, exiting with nothing left to run). */
    void clear() {
        buffer = new WsTask[INITIAL_CAPACITY];
        CELL.setVolatile(bottomCell, AT, (int) CELL.getVolatile(topCell, AT));
    }

    // ---------------------------------------------------------------- any thread

    /**
     * Takes the oldest task. Any thread, the owner included (to move its oldest spawn elsewhere).
     *
     * @return the oldest task, or {@code null} if the deque was empty or another thread took that
     *     task first
     */
    WsTask steal() {
        int t = (int) CELL.getVolatile(topCell, AT);
        int b = (int) CELL.getVolatile(bottomCell, AT);
        if (b - t <= 0) {
            return null;
        }
        WsTask[] a = buffer; // read after `bottom`: the buffer the push of slot t published, or a later one
        WsTask task = a[t & (a.length - 1)];
        return CELL.compareAndSet(topCell, AT, t, t + 1) ? task : null;
    }

    /** Whether the deque holds no task (exact for the owner, a snapshot for others). */
    boolean isEmpty() {
        return size() == 0;
    }

    /** How many tasks the deque holds (exact for the owner, a snapshot for others). */
    int size() {
        int t = (int) CELL.getVolatile(topCell, AT);
        int b = (int) CELL.getVolatile(bottomCell, AT);
        return Math.max(b - t, 0);
    }
}
