package dev.jawait.executor;

import java.util.List;

/**
 * One shard of the executor's list of suspended (not yet completed) tasks, which is how shutdown
 * and the task dump find tasks that sit in no queue (tokio's {@code OwnedTasks}). An intrusive
 * doubly linked list under this object's monitor: a task joins the shard of the worker that polls
 * it when it first returns pending (a task that completes in its first poll never joins), and is
 * removed from whichever shard holds it by the worker that completes it. Membership holds no
 * reference count: a task is removed before it completes, and an object is never recycled before
 * its task is complete.
 */
final class WsTaskRegistry {
    private WsTask head;
    private int size;

    synchronized void add(WsTask task) {
        task.registry = this;
        task.livePrev = null;
        task.liveNext = head;
        if (head != null) {
            head.livePrev = task;
        }
        head = task;
        size++;
    }

    synchronized void remove(WsTask task) {
        WsTask prev = task.livePrev;
        WsTask next = task.liveNext;
        if (prev == null) {
            head = next;
        } else {
            prev.liveNext = next;
        }
        if (next != null) {
            next.livePrev = prev;
        }
        task.livePrev = null;
        task.liveNext = null;
        task.registry = null;
        size--;
    }

    synchronized int size() {
        return size;
    }

    /** Adds every live task to {@code out}, each with a counted reference the caller must drop. */
    synchronized void collectReferenced(List<WsTask> out) {
        for (WsTask t = head; t != null; t = t.liveNext) {
            t.acquireReference();
            out.add(t);
        }
    }
}
