package dev.jawait.executor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link LocalExecutor}'s mailbox for other threads: an intrusive multi-producer,
 * single-consumer queue (Dmitry Vyukov's intrusive MPSC node-based queue). Producers push with one
 * atomic swap and never allocate: the nodes are the tasks themselves (a spawn waiting for its slot,
 * or a task woken from another thread). Only the executor thread polls.
 *
 * <p>A node may be pushed again once it has been polled, never while it is in the queue; callers
 * guarantee that (a slot has a "queued" bit; a spawn is pushed once).
 */
final class LocalInbox {
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(LocalInbox.class, "tail", LocalTask.class);
            NEXT = lookup.findVarHandle(LocalTask.class, "next", LocalTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A node that is never a task: it lets the queue hand out its last real node. */
    private final LocalTask<?> stub = new LocalTask<>(null, null);

    /** Most recently pushed node; producers swap it. */
    private volatile LocalTask<?> tail = stub;

    /** Next node to hand out (or the stub); only the consumer touches it. */
    private LocalTask<?> head = stub;

    /** Appends {@code node}. Any thread. */
    void push(LocalTask<?> node) {
        NEXT.set(node, null); // plain: the release store linking it publishes this too
        LocalTask<?> prev = (LocalTask<?>) TAIL.getAndSet(this, node);
        NEXT.setRelease(prev, node);
    }

    /**
     * Removes the oldest node, or returns {@code null} if there is none or the newest push is
     * half-way (its producer swapped the tail but has not linked it yet): then {@link #isEmpty()}
     * is false and the caller should try again shortly.
     */
    LocalTask<?> poll() {
        LocalTask<?> h = head;
        LocalTask<?> next = (LocalTask<?>) NEXT.getAcquire(h);
        if (h == stub) {
            if (next == null) {
                return null;
            }
            head = next;
            h = next;
            next = (LocalTask<?>) NEXT.getAcquire(h);
        }
        if (next != null) {
            head = next;
            return h;
        }
        if (h != tail) {
            return null; // a producer is between its swap and its link
        }
        // h is the last node: put the stub behind it so that h can be handed out.
        push(stub);
        next = (LocalTask<?>) NEXT.getAcquire(h);
        if (next != null) {
            head = next;
            return h;
        }
        return null;
    }

    /**
     * Whether nothing has been pushed that was not polled. Consumer only. A {@code false} answer
     * may be a push that is half-way; a {@code true} answer read after a volatile write of the
     * consumer's "about to park" flag is what makes parking safe.
     */
    boolean isEmpty() {
        return head == stub && tail == stub;
    }
}
