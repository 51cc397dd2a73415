package dev.jawait.time;

import java.util.Arrays;

/**
 * A timer queue as a 4-ary min-heap of {@link TimerEntry}s ordered by (deadline, insertion
 * order), each entry knowing its index so that a cancelled timer is removed in O(log n). Four
 * children per node (as Go's runtime timers use) halve the depth of a binary heap and keep
 * siblings on one or two cache lines.
 *
 * <p>It backs the {@link VirtualTimer}, whose clock jumps straight to the exact next deadline, and
 * holds the due entries of a {@link TimerWheel}; real-time drivers use the wheel (the package
 * documentation says why).
 *
 * <p>Not thread-safe: guarded by the owning timer's lock.
 */
final class TimerHeap implements TimerQueue {
    private static final int ARITY = 4;

    private TimerEntry[] heap = new TimerEntry[16];
    private int size;
    private long nextSeq;

    @Override
    public int size() {
        return size;
    }

    /** The earliest entry, or {@code null}. */
    TimerEntry peek() {
        return size == 0 ? null : heap[0];
    }

    @Override
    public boolean add(TimerEntry e) {
        e.seq = nextSeq++;
        insert(e);
        return heap[0] == e;
    }

    /** Adds {@code e} keeping the tie-break order it was given elsewhere (by a {@link TimerWheel}). */
    void insert(TimerEntry e) {
        if (e.heapIndex >= 0) {
            throw new IllegalStateException("timer entry is already scheduled");
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, e);
    }

    @Override
    public TimerEntry pollDue(long now) {
        return size == 0 || heap[0].deadline > now ? null : poll();
    }

    @Override
    public long nextDeadline() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
    }

    /** Removes and returns the earliest entry, or {@code null}. */
    TimerEntry poll() {
        if (size == 0) {
            return null;
        }
        TimerEntry first = heap[0];
        removeAt(0);
        return first;
    }

    /** Removes {@code e} if it is in this heap; returns whether it was. */
    @Override
    public boolean remove(TimerEntry e) {
        int i = e.heapIndex;
        if (i < 0 || i >= size || heap[i] != e) {
            return false;
        }
        removeAt(i);
        return true;
    }

    private void removeAt(int i) {
        TimerEntry removed = heap[i];
        removed.heapIndex = -1;
        TimerEntry last = heap[--size];
        heap[size] = null;
        if (i == size) {
            return;
        }
        // The last entry fills the hole; it may belong above or below it.
        siftDown(i, last);
        if (heap[i] == last) {
            siftUp(i, last);
        }
    }

    private void siftUp(int i, TimerEntry e) {
        while (i > 0) {
            int parent = (i - 1) / ARITY;
            TimerEntry p = heap[parent];
            if (!e.before(p)) {
                break;
            }
            place(i, p);
            i = parent;
        }
        place(i, e);
    }

    private void siftDown(int i, TimerEntry e) {
        for (;;) {
            int firstChild = i * ARITY + 1;
            if (firstChild >= size) {
                break;
            }
            int min = firstChild;
            int end = Math.min(firstChild + ARITY, size);
            for (int c = firstChild + 1; c < end; c++) {
                if (heap[c].before(heap[min])) {
                    min = c;
                }
            }
            if (!heap[min].before(e)) {
                break;
            }
            place(i, heap[min]);
            i = min;
        }
        place(i, e);
    }

    private void place(int i, TimerEntry e) {
        heap[i] = e;
        e.heapIndex = i;
    }

    /** Removes every entry and returns them (for shutdown). */
    @Override
    public TimerEntry[] clear() {
        TimerEntry[] all = Arrays.copyOf(heap, size);
        for (TimerEntry e : all) {
            e.heapIndex = -1;
        }
        Arrays.fill(heap, 0, size, null);
        size = 0;
        return all;
    }
}
