package dev.jawait.time;

import java.util.Arrays;

/**
 * A hierarchical timing wheel (Varghese and Lauck, 1987; the layout of tokio's timer driver):
 * {@value #LEVELS} levels of 64 slots, level {@code L} slots {@code 64^L} ticks wide, a tick being
 * 2^{@value #TICK_SHIFT} ns (about a millisecond). An entry goes to the level of the highest
 * 6-bit group in which its tick differs from the wheel's current tick, so adding and cancelling
 * are O(1) (a doubly linked list per slot and a 64-bit occupancy word per level). As time
 * advances, a higher-level slot whose start is reached is cascaded into the lower levels; a
 * level-0 slot whose tick is reached moves into a small {@link TimerHeap} of due entries, which
 * hands them out in exact (deadline, insertion) order, so firing order is the same as a heap's.
 *
 * <p>Eight levels of 6 bits over 20-bit ticks cover every non-negative {@code long} deadline, so
 * there is no overflow list. Not thread-safe: guarded by the owning timer's lock.
 */
final class TimerWheel implements TimerQueue {
    /** log2 of a tick in nanoseconds: 2^20 ns = 1.048576 ms. */
    static final int TICK_SHIFT = 20;
    private static final int SLOT_BITS = 6;
    private static final int SLOTS = 1 << SLOT_BITS;
    private static final int LEVELS = 8;

    /** {@code slots[level * 64 + slot]}: head of that slot's list. */
    private final TimerEntry[] slots = new TimerEntry[LEVELS * SLOTS];
    /** Bit {@code s} of {@code occupied[level]} is set while that slot's list is non-empty. */
    private final long[] occupied = new long[LEVELS];
    /** Entries whose tick has been reached, in exact order. */
    private final TimerHeap due = new TimerHeap();
    /** The tick up to which the wheel has been advanced. */
    private long elapsed;
    private long nextSeq;
    private int size;

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean add(TimerEntry e) {
        if (e.heapIndex >= 0 || e.wheelSlot >= 0) {
            throw new IllegalStateException("timer entry is already scheduled");
        }
        boolean earliest = e.deadline < nextDeadline();
        e.seq = nextSeq++;
        place(e);
        size++;
        return earliest;
    }

    @Override
    public boolean remove(TimerEntry e) {
        if (e.heapIndex >= 0) {
            if (!due.remove(e)) {
                return false;
            }
        } else if (e.wheelSlot >= 0) {
            unlink(e);
        } else {
            return false;
        }
        size--;
        return true;
    }

    @Override
    public TimerEntry pollDue(long now) {
        advance(now >> TICK_SHIFT);
        TimerEntry e = due.pollDue(now);
        if (e != null) {
            size--;
        }
        return e;
    }

    @Override
    public long nextDeadline() {
        if (due.size() > 0) {
            return due.nextDeadline(); // every entry still in the wheel is in a later tick
        }
        long tick = nextExpiration();
        return tick == Long.MAX_VALUE ? Long.MAX_VALUE : tick << TICK_SHIFT;
    }

    @Override
    public TimerEntry[] clear() {
        TimerEntry[] all = new TimerEntry[size];
        TimerEntry[] fromDue = due.clear();
        System.arraycopy(fromDue, 0, all, 0, fromDue.length);
        int n = fromDue.length;
        for (int i = 0; i < slots.length; i++) {
            for (TimerEntry e = slots[i]; e != null; ) {
                TimerEntry next = e.next;
                e.prev = e.next = null;
                e.wheelSlot = -1;
                all[n++] = e;
                e = next;
            }
            slots[i] = null;
        }
        Arrays.fill(occupied, 0);
        size = 0;
        return all;
    }

    /** Puts {@code e} in its slot relative to {@link #elapsed}, or among the due entries. */
    private void place(TimerEntry e) {
        long when = e.deadline >> TICK_SHIFT;
        if (when <= elapsed) {
            due.insert(e);
            return;
        }
        // The highest 6-bit group in which the deadline's tick differs from the current one.
        int significant = 63 - Long.numberOfLeadingZeros(elapsed ^ when);
        int level = significant / SLOT_BITS;
        int index = level * SLOTS + (int) ((when >>> (level * SLOT_BITS)) & (SLOTS - 1));
        TimerEntry head = slots[index];
        e.next = head;
        e.prev = null;
        if (head != null) {
            head.prev = e;
        }
        slots[index] = e;
        e.wheelSlot = index;
        occupied[level] |= 1L << (index & (SLOTS - 1));
    }

    private void unlink(TimerEntry e) {
        int index = e.wheelSlot;
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            slots[index] = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        }
        e.prev = e.next = null;
        e.wheelSlot = -1;
        if (slots[index] == null) {
            occupied[index / SLOTS] &= ~(1L << (index & (SLOTS - 1)));
        }
    }

    /**
     * Moves the wheel to {@code now}: every slot whose start is at or before it is emptied, its
     * entries cascading to lower levels or, from level 0, into {@link #due}.
     */
    private void advance(long now) {
        for (;;) {
            long tick = nextExpiration();
            if (tick > now) {
                break;
            }
            int level = expirationLevel;
            int index = level * SLOTS + expirationSlot;
            TimerEntry list = slots[index];
            slots[index] = null;
            occupied[level] &= ~(1L << expirationSlot);
            elapsed = Math.max(elapsed, tick);
            while (list != null) {
                TimerEntry next = list.next;
                list.prev = list.next = null;
                list.wheelSlot = -1;
                place(list); // lands in a lower level, or in due
                list = next;
            }
        }
        if (now > elapsed) {
            elapsed = now;
        }
    }

    /** Set by {@link #nextExpiration()}: where the earliest occupied slot is. */
    private int expirationLevel;
    private int expirationSlot;

    /**
     * The tick at which the earliest occupied slot starts, or {@link Long#MAX_VALUE}. The lowest
     * non-empty level holds the earliest entries: a level-L entry differs from the current tick in
     * the L-th 6-bit group, so it lies beyond the current level-(L-1) span.
     */
    private long nextExpiration() {
        for (int level = 0; level < LEVELS; level++) {
            long bits = occupied[level];
            if (bits == 0) {
                continue;
            }
            int shift = level * SLOT_BITS;
            int nowSlot = (int) ((elapsed >>> shift) & (SLOTS - 1));
            int slot = (Long.numberOfTrailingZeros(Long.rotateRight(bits, nowSlot)) + nowSlot) & (SLOTS - 1);
            long levelStart = elapsed & -(1L << (shift + SLOT_BITS));
            expirationLevel = level;
            expirationSlot = slot;
            return levelStart + ((long) slot << shift);
        }
        return Long.MAX_VALUE;
    }
}
