package dev.jawait.sync;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.OpLock;
import dev.jawait.internal.WaitList;
import dev.jawait.task.Coop;
import java.util.ArrayList;
import java.util.List;

/**
 * A reusable barrier for a fixed number of parties: {@link #arrive()} futures complete together
 * once {@code parties} of them have arrived, then the barrier resets for the next round (a
 * cyclic barrier, like tokio's {@code Barrier}).
 *
 * <p>A party arrives when its future is first polled. Exactly one future per round completes
 * with {@code true} (the leader, the last to arrive); the others complete with {@code false}.
 *
 * <p>Cancellation safe: cancelling an arrival before its round is complete withdraws it (the
 * round then waits for another party); cancelling after the round completed does nothing.
 * Thread-safe.
 *
 * <p>An arrival that completes spends a unit of the task's {@link dev.jawait.task.Coop} budget. One that yields for
 * the budget on its first poll has not arrived yet; one already released keeps its release.
 */
public final class Barrier {
    private final OpLock lock = new OpLock();
    private final WaitList<Arrival> waiting = new WaitList<>();
    private final int parties;

    /** A barrier that releases every {@code parties} arrivals ({@code parties >= 1}). */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties < 1: " + parties);
        }
        this.parties = parties;
    }

    /** The number of parties per round. */
    public int parties() {
        return parties;
    }

    /** The number of parties that arrived in the current round and wait for the others. */
    public int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A future that arrives at the barrier when first polled and completes when the round is
     * complete: {@code true} for the leader, {@code false} for the others.
     */
    public Future<Boolean> arrive() {
        return new Arrival();
    }

    @Override
    public String toString() {
        return "Barrier[parties=" + parties + ", waiting=" + waiting() + "]";
    }

    /** One party's arrival. Guarded by the barrier's lock. */
    private final class Arrival extends WaitList.Node implements Future<Boolean> {
        static final int NEW = 0;
        static final int WAITING = 1;
        static final int RELEASED = 2;
        static final int DONE = 3;

        int state = NEW;

        @Override
        public Poll<Boolean> poll(Context cx) {
            // Checked before arriving: a new arrival that yields has not arrived yet, and a
            // released one keeps its release for the next poll.
            Coop.Budget coop = Coop.budget(cx);
            if (coop.mustYield(cx)) { // the budget is spent: the task was woken and yields
                return Poll.pending();
            }
            List<Waker> toWake;
            lock.lock();
            try {
                switch (state) {
                    case NEW:
                        if (waiting.size() + 1 < parties) {
                            state = WAITING;
                            registerWaker(cx.waker());
                            waiting.addLast(this);
                            return Poll.pending();
                        }
                        // Last to arrive: release the round and lead it.
                        coop.spend(); // cannot refuse: the budget was checked above
                        state = DONE;
                        toWake = new ArrayList<>(waiting.size());
                        for (Arrival a : waiting.drain()) {
                            a.state = RELEASED;
                            Waker w = a.takeWaker();
                            if (w != null) {
                                toWake.add(w);
                            }
                        }
                        break;
                    case WAITING:
                        registerWaker(cx.waker());
                        return Poll.pending();
                    case RELEASED:
                        coop.spend();
                        state = DONE;
                        return Poll.ready(false);
                    default:
                        throw new IllegalStateException(
                                "arrive() future polled after it completed or was cancelled");
                }
            } finally {
                lock.unlock();
            }
            WaitList.wakeAll(toWake);
            return Poll.ready(true);
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                if (state == WAITING) {
                    waiting.remove(this); // withdraw the arrival
                    dropWaker();
                }
                state = DONE;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "Barrier.arrive()";
        }
    }
}
