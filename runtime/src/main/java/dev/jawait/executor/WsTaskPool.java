package dev.jawait.executor;

/**
 * The shared free list of task objects, behind the workers' own lock-free free lists: objects
 * recycled outside the pool land here, full worker lists spill half of themselves here, and
 * spawns from outside the pool (or empty worker lists) take from here. An intrusive stack through
 * {@link WsTask#next} under this object's monitor; beyond {@code capacity} objects are left to the
 * garbage collector, so a burst of live tasks does not pin memory forever.
 */
final class WsTaskPool {
    private final int capacity;
    private WsTask top;
    private int size;

    WsTaskPool(int capacity) {
        this.capacity = capacity;
    }

    synchronized void release(WsTask task) {
        if (size < capacity) {
            task.next = top;
            top = task;
            size++;
        }
    }

    /** Releases {@code tasks[from..to)} and clears those slots. */
    synchronized void releaseAll(WsTask[] tasks, int from, int to) {
        for (int i = from; i < to; i++) {
            WsTask t = tasks[i];
            tasks[i] = null;
            if (size < capacity) {
                t.next = top;
                top = t;
                size++;
            }
        }
    }

    /** One object, or {@code null} if the list is empty. */
    synchronized WsTask take() {
        WsTask t = top;
        if (t != null) {
            top = t.next;
            t.next = null;
            size--;
        }
        return t;
    }

    /** Moves up to {@code max} objects into {@code into[0..)}; returns how many. */
    synchronized int takeInto(WsTask[] into, int max) {
        int n = 0;
        while (n < max && top != null) {
            WsTask t = top;
            top = t.next;
            t.next = null;
            into[n++] = t;
        }
        size -= n;
        return n;
    }

    synchronized int size() {
        return size;
    }
}
