package dev.jawait.executor;

/**
 * The injection queue: where spawns and wakes from outside the pool land, and where full local
 * rings spill. An intrusive FIFO list (through {@link WsTask#next}, so pushing allocates nothing)
 * under this object's monitor. {@code size} is volatile so that workers can check for work without
 * the lock; the write of {@code size} inside the lock followed by the pusher's read of the
 * sleeping-worker count is one half of the no-lost-wakeup handshake (see {@link WsIdle}).
 */
final class WsInjectQueue {
    private WsTask head;
    private WsTask tail;
    private volatile int size;

    void push(WsTask task) {
        task.next = null;
        synchronized (this) {
            if (tail == null) {
                head = task;
            } else {
                tail.next = task;
            }
            tail = task;
            size = size + 1;
        }
    }

    /** Appends a chain already linked through {@code next} from {@code first} to {@code last}. */
    void pushChain(WsTask first, WsTask last, int count) {
        last.next = null;
        synchronized (this) {
            if (tail == null) {
                head = first;
            } else {
                tail.next = first;
            }
            tail = last;
            size = size + count;
        }
    }

    /** The oldest task, or {@code null}. */
    WsTask pop() {
        if (size == 0) {
            return null;
        }
        WsTask task;
        synchronized (this) {
            task = head;
            if (task == null) {
                return null;
            }
            head = task.next;
            if (head == null) {
                tail = null;
            }
            size = size - 1;
        }
        task.next = null;
        return task;
    }

    /**
     * Takes up to {@code max} tasks: returns the oldest and appends the others to {@code local}
     * (the calling worker's own ring), all under one lock acquisition.
     */
    WsTask popInto(WsLocalQueue local, int max) {
        if (size == 0) {
            return null;
        }
        WsTask first;
        synchronized (this) {
            first = head;
            if (first == null) {
                return null;
            }
            WsTask last = first;
            int n = 1;
            while (n < max && last.next != null) {
                last = last.next;
                n++;
            }
            head = last.next;
            if (head == null) {
                tail = null;
            }
            last.next = null;
            size = size - n;
        }
        WsTask t = first.next;
        first.next = null;
        while (t != null) {
            WsTask next = t.next;
            t.next = null;
            local.pushBack(t);
            t = next;
        }
        return first;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }
}
