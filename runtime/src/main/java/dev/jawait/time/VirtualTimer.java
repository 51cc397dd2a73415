package dev.jawait.time;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Timer} whose clock stands still until {@link #advance advanced}: tests of an hour of
 * timers run in milliseconds, and deterministically.
 *
 * <p>Advancing fires every timer that falls due, synchronously on the calling thread, one at a
 * time in deadline order (ties in registration order), with the clock set to each timer's
 * deadline as it fires. A timer registered while advancing (by a task woken and polled inline)
 * fires in the same advance if it falls due before the target.
 *
 * <p>Tasks woken by a fired timer run wherever their executor runs them; to drive a whole test on
 * one thread, {@link #blockOn(Future)} polls a future and, whenever it waits, jumps the clock to the
 * next deadline. Advance from one thread at a time.
 */
public final class VirtualTimer extends Timer {
    /** Written under {@link #lock}; read without it. */
    private volatile long now;

    VirtualTimer() {
        super(new TimerHeap()); // exact deadlines: the clock jumps straight to the next one
    }

    @Override
    long nanoTime() {
        return now;
    }

    @Override
    void earliestChanged() {
        // Nothing to re-arm: virtual timers fire only when advanced.
    }

    /** Moves the clock forward by {@code d}, firing every timer that falls due. */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("cannot move a virtual clock backwards: " + d);
        }
        advanceTo(now().plus(d));
    }

    /**
     * Moves the clock to {@code target}, firing every timer with a deadline at or before it in
     * deadline order, the clock showing each timer's deadline while it fires.
     *
     * @throws IllegalArgumentException if {@code target} is before the current time
     */
    public void advanceTo(Deadline target) {
        long t = target.toNanos();
        synchronized (lock) {
            if (t < now) {
                throw new IllegalArgumentException(
                        "cannot move a virtual clock backwards: " + target + " < " + now());
            }
        }
        for (;;) {
            TimerEntry due;
            synchronized (lock) {
                due = queue.pollDue(t);
                if (due == null) {
                    now = Math.max(now, t);
                    return;
                }
                now = Math.max(now, due.deadline);
            }
            due.complete(TimerEntry.FIRED); // outside the lock: the woken task may register more
        }
    }

    /**
     * Jumps to the earliest pending deadline and fires every timer due then. Returns {@code false},
     * leaving the clock alone, if no timer is pending.
     */
    public boolean advanceToNext() {
        long next;
        synchronized (lock) {
            long top = queue.nextDeadline();
            if (top == Long.MAX_VALUE) {
                return false;
            }
            next = Math.max(now, top);
        }
        advanceTo(Deadline.ofNanos(next));
        return true;
    }

    /** The earliest pending deadline, if any. */
    public Optional<Deadline> nextDeadline() {
        synchronized (lock) {
            long top = queue.nextDeadline();
            return top == Long.MAX_VALUE ? Optional.empty() : Optional.of(Deadline.ofNanos(top));
        }
    }

    /**
     * Drives {@code future} to completion on the calling thread with auto-advancing time: whenever
     * the future is pending and nothing has woken it, the clock jumps to the next deadline
     * ({@link #advanceToNext()}). With no timer pending it parks until woken from elsewhere.
     * Returns the value or throws the failure unwrapped.
     *
     * <p>Meant for futures that wait only on this timer and on each other: time jumps as soon as
     * the future stalls, without waiting for other threads.
     *
     * @throws CancellationException if the thread is interrupted while parked (the future is
     *     cancelled and the interrupt status kept)
     */
    public <T> T blockOn(Future<T> future) {
        ThreadFlag flag = new ThreadFlag(Thread.currentThread());
        Context cx = Context.of(flag);
        for (;;) {
            Poll<T> p = future.poll(cx);
            if (p.isReady()) {
                return p.get();
            }
            while (!flag.woken.getAndSet(false)) {
                if (!advanceToNext()) {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        future.cancel();
                        Thread.currentThread().interrupt();
                        throw new CancellationException("VirtualTimer.blockOn interrupted");
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "VirtualTimer[now=" + now() + ", pending=" + pendingTimers() + "]";
    }

    /** The waker of {@link #blockOn}: a flag plus unpark of the driving thread. */
    private static final class ThreadFlag extends Waker {
        final AtomicBoolean woken = new AtomicBoolean();
        final Thread thread;

        ThreadFlag(Thread thread) {
            this.thread = thread;
        }

        @Override
        public void wakeByRef() {
            if (!woken.getAndSet(true)) {
                LockSupport.unpark(thread);
            }
        }
    }
}
