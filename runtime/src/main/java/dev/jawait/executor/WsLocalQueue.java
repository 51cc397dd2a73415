package dev.jawait.executor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A worker's run queue: a bounded ring with one producer (the owning worker, which also pops)
 * and any number of stealers, each of which takes half of what it finds. When the ring is full,
 * the owner moves half of it to the injection queue in one batch. The algorithm is tokio's
 * ({@code runtime/scheduler/multi_thread/queue.rs}).
 *
 * <p>Indices are free-running {@code int}s (compared by difference, so wrap-around is harmless).
 * {@code head} packs two of them into one atomic {@code long}: {@code real} (the next slot to
 * take) and {@code steal} (the first slot a stealer may still be copying). Outside a steal they
 * are equal. A stealer claims {@code n} slots by advancing only {@code real}, copies them, then
 * brings {@code steal} up to {@code real}; meanwhile the owner may keep popping (advancing
 * {@code real}) but may not write a slot at or beyond {@code steal + CAPACITY}, so the slots being
 * copied are never overwritten, and other stealers back off.
 *
 * <p>Memory ordering: the owner writes a slot, then publishes it with a release store of
 * {@code tail}; a stealer reads {@code tail} with acquire before reading slots. A stealer reads
 * its slots before the CAS that releases them; the owner reads {@code head} before reusing a slot.
 */
final class WsLocalQueue {
    static final int CAPACITY = 256;
    private static final int MASK = CAPACITY - 1;
    static final int HALF = CAPACITY / 2;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(WsLocalQueue.class, "head", long.class);
            TAIL = lookup.findVarHandle(WsLocalQueue.class, "tail", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WsTask[] buffer = new WsTask[CAPACITY];
    private final WsInjectQueue overflow;

    @SuppressWarnings("unused") // accessed through HEAD
    private volatile long head;
    /** Written only by the owner (release); plain reads by the owner, acquire reads by others. */
    @SuppressWarnings("unused") // accessed through TAIL
    private int tail;

    WsLocalQueue(WsInjectQueue overflow) {
        this.overflow = overflow;
    }

    private static long pack(int steal, int real) {
        return ((long) steal << 32) | (real & 0xFFFF_FFFFL);
    }

    private static int steal(long head) {
        return (int) (head >>> 32);
    }

    private static int real(long head) {
        return (int) head;
    }

    // ---------------------------------------------------------------- owner

    /** Appends {@code task}; if the ring is full, moves half of it and {@code task} to the injection queue. */
    void pushBack(WsTask task) {
        for (;;) {
            long h = (long) HEAD.getVolatile(this);
            int steal = steal(h);
            int t = (int) TAIL.get(this);
            if (t - steal < CAPACITY) {
                buffer[t & MASK] = task;
                TAIL.setRelease(this, t + 1);
                return;
            }
            if (steal != real(h)) {
                // A stealer is about to free half the ring; do not wait for it.
                overflow.push(task);
                return;
            }
            if (moveHalfToInjection(real(h), task)) {
                return;
            }
            // A stealer got in first: there is room now.
        }
    }

    private boolean moveHalfToInjection(int real, WsTask task) {
        if (!HEAD.compareAndSet(this, pack(real, real), pack(real + HALF, real + HALF))) {
            return false;
        }
        // The claimed slots are ours alone now: chain them (and task) for one locked push.
        WsTask first = buffer[real & MASK];
        WsTask last = first;
        for (int i = 1; i < HALF; i++) {
            WsTask next = buffer[(real + i) & MASK];
            last.next = next;
            last = next;
        }
        last.next = task;
        task.next = null;
        overflow.pushChain(first, task, HALF + 1);
        return true;
    }

    /** Takes the oldest task, or {@code null} if the ring is empty. */
    WsTask pop() {
        for (;;) {
            long h = (long) HEAD.getVolatile(this);
            int steal = steal(h);
            int real = real(h);
            if (real == (int) TAIL.get(this)) {
                return null;
            }
            int next = real + 1;
            // Outside a steal both halves advance together; during one only `real` moves.
            long n = steal == real ? pack(next, next) : pack(steal, next);
            if (HEAD.compareAndSet(this, h, n)) {
                return buffer[real & MASK];
            }
        }
    }

    /**
     * The oldest task, without taking it, or {@code null} if the ring is empty. Owner only, and
     * only a hint: a stealer may take that task before the owner's next {@link #pop()}.
     */
    WsTask peek() {
        int real = real((long) HEAD.getVolatile(this));
        return real == (int) TAIL.get(this) ? null : buffer[real & MASK];
    }

    /** Whether the ring holds no task (exact for the owner, a snapshot for others). */
    boolean isEmpty() {
        return size() == 0;
    }

    /** How many tasks the ring holds (exact for the owner, a snapshot for others). */
    int size() {
        long h = (long) HEAD.getVolatile(this);
        int t = (int) TAIL.getAcquire(this);
        return t - real(h);
    }

    // ---------------------------------------------------------------- stealer

    /**
     * Steals half of this ring (rounded up, at most {@link #HALF}) into {@code dst}, which must
     * be the calling worker's own ring, and returns one of the stolen tasks to run at once.
     *
     * @return a stolen task, or {@code null} if there was nothing to steal, another steal was in
     *     progress, or {@code dst} lacks room
     */
    WsTask stealInto(WsLocalQueue dst) {
        int dstTail = (int) TAIL.get(dst);
        if (dstTail - steal((long) HEAD.getVolatile(dst)) > HALF) {
            return null;
        }
        int first;
        int n;
        for (;;) {
            long h = (long) HEAD.getVolatile(this);
            int steal = steal(h);
            int real = real(h);
            if (steal != real) {
                return null;
            }
            n = (int) TAIL.getAcquire(this) - real;
            n -= n / 2;
            if (n <= 0) {
                return null;
            }
            if (n > HALF) {
                n = HALF;
            }
            if (HEAD.compareAndSet(this, h, pack(steal, real + n))) {
                first = real;
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            dst.buffer[(dstTail + i) & MASK] = buffer[(first + i) & MASK];
        }
        // Release the claimed slots: `steal` catches up with `real` (which the owner may have moved).
        for (;;) {
            long h = (long) HEAD.getVolatile(this);
            int real = real(h);
            if (HEAD.compareAndSet(this, h, pack(real, real))) {
                break;
            }
        }
        n--;
        WsTask ret = dst.buffer[(dstTail + n) & MASK];
        if (n > 0) {
            TAIL.setRelease(dst, dstTail + n);
        }
        return ret;
    }
}
