package dev.jawait.sync;

import dev.jawait.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One waker slot shared, without a lock, by a consumer that registers its task's waker and any
 * number of producers that wake it (futures-rs' {@code AtomicWaker}).
 *
 * <p>The consumer must {@link #register} <em>before</em> it checks whether its event happened; a
 * producer must make the event visible <em>before</em> it calls {@link #wake}. Then no wakeup is
 * lost: a wake that races a registration is handed to the registering thread, which wakes the
 * waker it just stored.
 *
 * <p>Protocol: a state word with {@code REGISTERING} and {@code WAKING} bits. {@code register}
 * takes the slot with a CAS from {@code WAITING}; {@code take} sets {@code WAKING} with a
 * fetch-or and reads the slot only if nobody was registering. If a registration sees
 * {@code WAKING} appear while it held the slot, it wakes the waker itself.
 *
 * <p>Only one thread at a time may call {@code register} (the task that owns the consumer);
 * {@code wake} and {@code take} are safe from any thread.
 */
public final class AtomicWaker {
    private static final int WAITING = 0;
    private static final int REGISTERING = 0b01;
    private static final int WAKING = 0b10;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(AtomicWaker.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /** Guarded by the state protocol: read and written only by the thread holding a state bit. */
    private Waker waker;

    /** An empty slot. */
    public AtomicWaker() {}

    /**
     * Stores {@code waker} (a clone of it, unless the stored one {@link Waker#willWake would wake
     * the same task}) to be woken by the next {@link #wake}.
     */
    public void register(Waker waker) {
        int prev = (int) STATE.compareAndExchange(this, WAITING, REGISTERING);
        if (prev == WAITING) {
            Waker old = null;
            Waker current = this.waker;
            if (current == null || !current.willWake(waker)) {
                old = current;
                this.waker = waker.clone();
            }
            int now = (int) STATE.compareAndExchange(this, REGISTERING, WAITING);
            if (now == REGISTERING) {
                if (old != null) {
                    old.drop();
                }
                return;
            }
            // A wake arrived while we held the slot (state is REGISTERING | WAKING). The waker
            // could not read the slot, so wake on its behalf.
            Waker toWake = this.waker;
            this.waker = null;
            STATE.setVolatile(this, WAITING);
            if (old != null) {
                old.drop();
            }
            if (toWake != null) {
                toWake.wake();
            }
        } else if (prev == WAKING) {
            // A producer is reading the slot right now and may wake the previous waker; wake the
            // new one directly so the task is not left waiting on a stale waker.
            waker.wakeByRef();
        }
        // Otherwise another register is running concurrently: a misuse this class does not
        // support; the other registration wins.
    }

    /** Wakes the stored waker, if any, and empties the slot. Safe from any thread. */
    public void wake() {
        Waker w = take();
        if (w != null) {
            w.wake();
        }
    }

    /**
     * Removes and returns the stored waker, or {@code null} if there is none or a registration is
     * in progress (which then wakes itself). Safe from any thread.
     */
    public Waker take() {
        int prev = (int) STATE.getAndBitwiseOr(this, WAKING);
        if (prev == WAITING) {
            Waker w = this.waker;
            this.waker = null;
            STATE.getAndBitwiseAnd(this, ~WAKING);
            return w;
        }
        return null;
    }

    /** Releases the stored waker without waking it (for a consumer that is cancelled). */
    public void clear() {
        Waker w = take();
        if (w != null) {
            w.drop();
        }
    }

    @Override
    public String toString() {
        return "AtomicWaker[state=" + state + "]";
    }
}
