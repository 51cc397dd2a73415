package dev.jawait.net;

import java.util.Arrays;

/**
 * A binary min-heap of {@link Deadline}s ordered by {@link Deadline#at}, in which each entry knows
 * its index so that removing a cancelled deadline costs O(log n) instead of a scan. Used by the
 * reactor thread only. Times compare by difference, as {@link System#nanoTime()} requires.
 */
final class DeadlineHeap {
    private Deadline[] entries = new Deadline[16];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The nearest deadline, or {@code null}. */
    Deadline peek() {
        return size == 0 ? null : entries[0];
    }

    void add(Deadline d) {
        if (d.heapIndex >= 0) {
            return;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size] = d;
        d.heapIndex = size;
        size++;
        siftUp(d.heapIndex);
    }

    /** Removes {@code d} if it is in the heap. */
    void remove(Deadline d) {
        int i = d.heapIndex;
        if (i < 0) {
            return;
        }
        d.heapIndex = -1;
        size--;
        Deadline last = entries[size];
        entries[size] = null;
        if (i == size) {
            return;
        }
        entries[i] = last;
        last.heapIndex = i;
        siftDown(i);
        siftUp(last.heapIndex);
    }

    /** Removes and returns the nearest deadline, or {@code null}. */
    Deadline poll() {
        Deadline first = peek();
        if (first != null) {
            remove(first);
        }
        return first;
    }

    /** Milliseconds until the nearest deadline, rounded up; 0 if it has passed; -1 if none. */
    long millisUntilNext(long now) {
        Deadline first = peek();
        if (first == null) {
            return -1;
        }
        long nanos = first.at - now;
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    /** Removes every entry. */
    void clear() {
        for (int i = 0; i < size; i++) {
            entries[i].heapIndex = -1;
            entries[i] = null;
        }
        size = 0;
    }

    private static boolean before(Deadline a, Deadline b) {
        return a.at - b.at < 0;
    }

    private void siftUp(int i) {
        Deadline d = entries[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Deadline p = entries[parent];
            if (!before(d, p)) {
                break;
            }
            entries[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        entries[i] = d;
        d.heapIndex = i;
    }

    private void siftDown(int i) {
        Deadline d = entries[i];
        for (;;) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(entries[child + 1], entries[child])) {
                child++;
            }
            Deadline c = entries[child];
            if (!before(c, d)) {
                break;
            }
            entries[i] = c;
            c.heapIndex = i;
            i = child;
        }
        entries[i] = d;
        d.heapIndex = i;
    }
}
