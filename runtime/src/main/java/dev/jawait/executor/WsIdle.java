package dev.jawait.executor;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Which workers are asleep or searching (stealing), and the handshake that loses no wakeup.
 *
 * <p><b>Parking worker</b> ({@link WsWorker}): stop searching (decrement {@link #searching}),
 * {@link #announce} itself as sleeping, <em>then</em> re-check every queue; park only if they are
 * all empty, until {@link #notifyOne} picks it.
 * <b>Submitter</b>: publish the task, <em>then</em> {@link #notifyOne}: a full fence, then read
 * {@code sleeping} and {@code searching}. With the fence (a ring publishes with a release store,
 * which alone could pass the reads) these accesses are sequentially consistent: if the submitter
 * saw a searcher, that searcher's later re-check sees the task; if it saw no sleeper, every later
 * sleeper's re-check sees the task; otherwise it wakes one. A worker that moves tasks into its
 * ring without a queue showing them meanwhile (a batch from the injection queue) notifies too.
 *
 * <p>A woken worker starts out searching ({@code searching} is incremented on its behalf), so a
 * burst of submissions wakes one worker rather than all of them; when the last searcher finds work
 * it wakes another if work is still visible (tokio's chain). At most half of the workers search at
 * once ({@link #tryStartSearching}).
 */
final class WsIdle {
    final AtomicInteger searching = new AtomicInteger();
    private final int workers;

    // Guarded by this.
    private final WsWorker[] sleepers;
    private int top;
    /** {@code top}, readable without the lock. */
    private volatile int sleeping;

    WsIdle(int workers) {
        this.workers = workers;
        this.sleepers = new WsWorker[workers];
    }

    /** Lets {@code w} steal unless half the workers already do. */
    boolean tryStartSearching(WsWorker w) {
        if (w.searching) {
            return true;
        }
        for (;;) {
            int n = searching.get();
            if (2 * n >= workers && n > 0) {
                return false;
            }
            if (searching.compareAndSet(n, n + 1)) {
                w.searching = true;
                return true;
            }
        }
    }

    /** {@code w} stops searching; returns whether it was the last searcher. */
    boolean stopSearching(WsWorker w) {
        w.searching = false;
        return searching.decrementAndGet() == 0;
    }

    /**
     * Wakes one sleeping worker, unless one is already searching or none sleeps. Call it after
     * publishing the task; the fence orders that publication (a ring's release store, not a
     * volatile one) before the reads below, as the handshake needs.
     */
    void notifyOne() {
        VarHandle.fullFence();
        if (sleeping == 0 || searching.get() != 0) {
            return;
        }
        WsWorker w;
        synchronized (this) {
            if (top == 0) {
                return;
            }
            w = sleepers[--top];
            sleepers[top] = null;
            sleeping = top;
            searching.incrementAndGet();
            w.searching = true;
            w.notified = true;
        }
        LockSupport.unpark(w);
    }

    /** Records {@code w} as about to park. It must re-check for work afterwards. */
    synchronized void announce(WsWorker w) {
        w.notified = false;
        sleepers[top++] = w;
        sleeping = top;
    }

    /**
     * Takes {@code w} back off the sleeping list because it found work or must exit. If a notifier
     * already took it, it was made a searcher and its {@code notified} flag is set: nothing to undo.
     */
    synchronized void unannounce(WsWorker w) {
        for (int i = 0; i < top; i++) {
            if (sleepers[i] == w) {
                sleepers[i] = sleepers[--top];
                sleepers[top] = null;
                sleeping = top;
                return;
            }
        }
    }

    /** How many workers are parked or about to park. */
    int sleeping() {
        return sleeping;
    }

    /** Unparks every worker so it re-checks whether the executor has drained (shutdown). */
    void unparkAll(WsWorker[] all) {
        for (WsWorker w : all) {
            LockSupport.unpark(w);
        }
    }
}
