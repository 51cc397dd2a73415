package dev.jawait.executor;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.internal.Polls;
import dev.jawait.task.Coop;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The flag strategy: drives one future on the calling thread. Its waker is one {@link AtomicBoolean}
 * plus {@link LockSupport#unpark}: a wake sets the flag and unparks the thread only on the
 * false-to-true edge; the loop clears the flag before each poll, so no wake is lost and none
 * allocates. One waker per thread is cached (futures-rs' {@code ThreadNotify} idea); a nested
 * {@code blockOn} on the same thread gets its own.
 */
public final class BlockOn {
    private BlockOn() {}

    private static final ThreadLocal<FlagWaker> CACHED = ThreadLocal.withInitial(FlagWaker::new);

    /** See {@link dev.jawait.Await#blockOn(Future)}. */
    public static <T> T blockOn(Future<T> future) {
        FlagWaker cached = CACHED.get();
        FlagWaker waker = cached.inUse ? new FlagWaker() : cached;
        waker.inUse = true;
        // Not a task's poll: futures driven here must never be told to yield (see Coop).
        Coop.Budget budget = waker.budget;
        int outerBudget = budget.unconstrain();
        try {
            Context cx = waker.context;
            waker.flag.set(false);
            for (;;) {
                Poll<T> poll = Polls.nonNull(future.poll(cx), future);
                if (poll.isReady()) {
                    return poll.get();
                }
                while (!waker.flag.getAndSet(false)) {
                    if (SpinWait.until(SpinWait.DEFAULT_NANOS, waker)) {
                        continue;
                    }
                    LockSupport.park(waker);
                    if (Thread.interrupted()) {
                        future.cancel();
                        Thread.currentThread().interrupt();
                        CancellationException e =
                                new CancellationException("blockOn interrupted; the future was cancelled");
                        e.initCause(new InterruptedException());
                        throw e;
                    }
                }
            }
        } finally {
            budget.exit(outerBudget);
            waker.inUse = false;
        }
    }

    /**
     * One thread's flag. Immutable as a waker: clone is {@code this}, drop does nothing. As a
     * {@link BooleanSupplier}, whether the flag is set (what {@link SpinWait} checks).
     */
    static final class FlagWaker extends Waker implements BooleanSupplier {
        final AtomicBoolean flag = new AtomicBoolean();
        final Thread thread = Thread.currentThread();
        final Context context = Context.of(this);
        /** The thread's {@link Coop} budget, looked up once; the context carries it too. */
        final Coop.Budget budget = Coop.attach(context);
        boolean inUse;

        @Override
        public boolean getAsBoolean() {
            return flag.get();
        }

        @Override
        public void wakeByRef() {
            // A wake from the blocked thread itself (a yield) finds it running, not parked.
            if (!flag.getAndSet(true) && Thread.currentThread() != thread) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void wake() {
            wakeByRef();
        }

        @Override
        public boolean willWake(Waker other) {
            return other == this;
        }

        @Override
        public String toString() {
            return "BlockOnWaker[" + thread.getName() + "]";
        }
    }
}
