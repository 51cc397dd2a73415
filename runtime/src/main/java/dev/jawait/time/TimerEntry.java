package dev.jawait.time;

import dev.jawait.sync.AtomicWaker;

/**
 * One registered timer: a deadline, its place in the heap or wheel, and the waker of the task waiting
 * for it. The heap fields are guarded by the timer's lock; {@link #state} is published to the
 * waiting future, which reads it after registering its waker (the {@link AtomicWaker} protocol).
 */
final class TimerEntry {
    static final int PENDING = 0;
    static final int FIRED = 1;
    /** The timer was closed before the deadline. */
    static final int SHUT_DOWN = 2;

    final long deadline;
    /** Insertion order among entries with the same deadline, so ties fire first-in first-out. */
    long seq;
    /** Index in the heap array, or -1 while not in the heap. */
    int heapIndex = -1;
    /** {@link TimerWheel}: level * 64 + slot while in a wheel slot, else -1. */
    int wheelSlot = -1;
    /** {@link TimerWheel}: neighbours in the slot's doubly linked list. */
    TimerEntry prev;
    TimerEntry next;
    final AtomicWaker waker = new AtomicWaker();
    volatile int state = PENDING;

    TimerEntry(long deadline) {
        this.deadline = deadline;
    }

    /** Whether this entry fires before {@code other}. */
    boolean before(TimerEntry other) {
        return deadline < other.deadline || (deadline == other.deadline && seq < other.seq);
    }

    /** Publishes the outcome, then wakes the waiter (in that order: see {@link AtomicWaker}). */
    void complete(int outcome) {
        state = outcome;
        waker.wake();
    }
}
