package dev.jawait.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A lock for the event sources' short critical sections (a few field updates and a wait-list
 * link, never user code that blocks): one atomic step to take it and a plain release store to
 * give it back. A monitor costs two atomic steps (enter and exit each compare-and-set the
 * object's header), and these sections run on every poll of a send, a receive or an acquire, so
 * the second one is a large part of what such a poll costs.
 *
 * <p>Not reentrant and not fair. A thread that finds it taken spins briefly, then yields, then
 * sleeps in short naps: with sections this short the holder is normally gone before the first
 * yield, and the naps only matter when the holder was descheduled inside its section.
 *
 * <p>Not part of the API.
 */
public final class OpLock {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(OpLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int SPINS = 64;
    private static final int YIELDS = 64;
    private static final long NAP_NANOS = 20_000;

    @SuppressWarnings("unused") // through STATE: 0 free, 1 held
    private volatile int state;

    /** Takes the lock, waiting for it if another thread holds it. */
    public void lock() {
        if (!STATE.compareAndSet(this, 0, 1)) {
            lockContended();
        }
    }

    /** Gives the lock back; only its holder may call this. */
    public void unlock() {
        STATE.setRelease(this, 0);
    }

    private void lockContended() {
        for (int round = 0; ; round++) {
            if ((int) STATE.getOpaque(this) == 0 && STATE.compareAndSet(this, 0, 1)) {
                return;
            }
            if (round < SPINS) {
                Thread.onSpinWait();
            } else if (round < SPINS + YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(NAP_NANOS);
            }
        }
    }
}
