package dev.jawait.internal;

import dev.jawait.Waker;
import java.util.ArrayList;
import java.util.List;

/**
 * A FIFO queue of waiting operations with O(1) removal from the middle, for the lock-based event
 * sources (semaphore, mutex, notify, channels). Each waiter is a {@link Node} it embeds itself in
 * (an intrusive list, as tokio's wait lists are), so enqueueing allocates nothing and a cancelled
 * waiter unlinks itself at once instead of leaving a tombstone behind.
 *
 * <p>Not thread-safe: the owning primitive guards the list and every node's waker with its own
 * lock. Wakers taken out of nodes are woken only after that lock is released, so that an executor
 * that polls inline on wake never re-enters a primitive in the middle of an update.
 *
 * <p>Not part of the API.
 *
 * @param <N> the type of the waiters
 */
public final class WaitList<N extends WaitList.Node> {
    private Node head;
    private Node tail;
    private int size;

    /** A waiter that can be linked into one {@link WaitList}, carrying the waker of its task. */
    public abstract static class Node {
        private Node prev;
        private Node next;
        private WaitList<?> owner;
        private Waker waker;

        /** For subclasses. */
        protected Node() {}

        /** Whether this node is currently in a list. */
        public final boolean isLinked() {
            return owner != null;
        }

        /**
         * Keeps {@code waker} to be woken later: stores a clone, unless the stored waker would wake
         * the same task already (the usual case on a re-poll, which then costs nothing).
         */
        public final void registerWaker(Waker waker) {
            Waker stored = this.waker;
            if (stored == null || !stored.willWake(waker)) {
                this.waker = waker.clone();
                if (stored != null) {
                    stored.drop();
                }
            }
        }

        /** Removes and returns the stored waker, or {@code null}; the caller wakes or drops it. */
        public final Waker takeWaker() {
            Waker w = waker;
            waker = null;
            return w;
        }

        /** Releases the stored waker without waking it. */
        public final void dropWaker() {
            Waker w = takeWaker();
            if (w != null) {
                w.drop();
            }
        }
    }

    /** Appends {@code node}, which must not be in any list. */
    public void addLast(N waiter) {
        Node node = waiter; // private fields are not reachable through the type variable
        if (node.owner != null) {
            throw new IllegalStateException("node is already queued");
        }
        node.owner = this;
        node.prev = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        size++;
    }

    /** The first waiter, or {@code null}. */
    @SuppressWarnings("unchecked")
    public N peekFirst() {
        return (N) head;
    }

    /** Removes and returns the first waiter, or {@code null}. */
    public N pollFirst() {
        N first = peekFirst();
        if (first != null) {
            unlink(first);
        }
        return first;
    }

    /** Removes {@code node} if it is in this list; returns whether it was. */
    public boolean remove(N waiter) {
        Node node = waiter;
        if (node.owner != this) {
            return false;
        }
        unlink(node);
        return true;
    }

    /** Removes every waiter, in order, and returns them. */
    public List<N> drain() {
        List<N> all = new ArrayList<>(size);
        for (N n = pollFirst(); n != null; n = pollFirst()) {
            all.add(n);
        }
        return all;
    }

    /** The number of waiters. */
    public int size() {
        return size;
    }

    /** Whether there are no waiters. */
    public boolean isEmpty() {
        return size == 0;
    }

    private void unlink(Node node) {
        Node p = node.prev;
        Node n = node.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        node.prev = null;
        node.next = null;
        node.owner = null;
        size--;
    }

    /**
     * Wakes every waker in {@code wakers} (collected under a lock, woken after it is released).
     * A waker that throws does not stop the others; the first failure is rethrown at the end.
     */
    public static void wakeAll(List<Waker> wakers) {
        RuntimeException first = null;
        for (Waker w : wakers) {
            try {
                w.wake();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Wakes {@code waker} if it is not {@code null}. */
    public static void wake(Waker waker) {
        if (waker != null) {
            waker.wake();
        }
    }
}
