package dev.jawait.executor;

import java.util.Arrays;

/**
 * A growable ring of slab slot numbers: the {@link LocalExecutor}'s run queues. Executor thread
 * only; {@code -1} stands for "none".
 *
 * <p>Why slot numbers and not task references: once the queue's array has lived through a few
 * young collections it sits in the old generation, and G1's write barrier makes every store of a
 * reference into an old object pay a StoreLoad fence (the card check), as much as an atomic
 * instruction. Queueing a task is an int store here: no barrier at all. The slab maps a slot to
 * its task, and a queued slot always holds the task it was queued for: a task is queued only
 * while it owes a poll, and its slot is freed only once that poll has begun (or at shutdown,
 * which empties the queues).
 */
final class SlotDeque {
    private int[] ring = new int[16]; // a power of two
    private int head; // the first element
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    void addLast(int slot) {
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) & (ring.length - 1)] = slot;
        size++;
    }

    /** The newest slot, removed; {@code -1} if empty. */
    int pollLast() {
        if (size == 0) {
            return -1;
        }
        size--;
        return ring[(head + size) & (ring.length - 1)];
    }

    /** The oldest slot, removed; {@code -1} if empty. */
    int pollFirst() {
        if (size == 0) {
            return -1;
        }
        int slot = ring[head];
        head = (head + 1) & (ring.length - 1);
        size--;
        return slot;
    }

    /** The oldest slot; {@code -1} if empty. */
    int peekFirst() {
        return size == 0 ? -1 : ring[head];
    }

    /** The newest slot; {@code -1} if empty. */
    int peekLast() {
        return size == 0 ? -1 : ring[(head + size - 1) & (ring.length - 1)];
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        int[] bigger = Arrays.copyOf(ring, ring.length * 2);
        // The elements that wrapped around to the front now go after the old end.
        System.arraycopy(ring, 0, bigger, ring.length, head);
        ring = bigger;
    }
}
