package dev.jawait.machine;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a machine eagerly behind a {@link CompletableFuture}: the machine is polled inline at the
 * call until its first real suspension, then on whichever thread wakes it.
 *
 * <p>Re-entrancy: at most one thread polls at a time. A wake while a poll is running (on the same
 * thread or another) only records that one more poll is owed; the polling thread polls again
 * before it lets go. States: {@code IDLE} (suspended, a wake starts a poll), {@code POLLING},
 * {@code NOTIFIED} (polling and woken meanwhile), {@code DONE}.
 *
 * <p>Cancelling the returned future ({@link #cancel(boolean)}) cancels the machine, which unwinds
 * through its {@code finally} blocks. A machine is never cancelled while another thread polls it:
 * a cancel during a poll moves to {@code CANCEL_REQUESTED} and the polling thread cancels the
 * machine when its poll returns.
 *
 * @param <T> the type of the result
 */
public final class EagerDriver<T> extends CompletableFuture<T> {
    private static final int IDLE = 0;
    private static final int POLLING = 1;
    private static final int NOTIFIED = 2;
    private static final int DONE = 3;
    private static final int CANCEL_REQUESTED = 4;

    private final Future<T> machine;
    private final AtomicInteger run = new AtomicInteger(POLLING);
    private final Context context = Context.of(new DriverWaker());

    private EagerDriver(Future<T> machine) {
        this.machine = machine;
    }

    /** Starts {@code machine} on the calling thread and returns the future of its result. */
    public static <T> CompletableFuture<T> start(Future<T> machine) {
        EagerDriver<T> driver = new EagerDriver<>(machine);
        driver.pollLoop();
        return driver;
    }

    /** Polls until the machine is ready, fails, or suspends with no wake owed. Owns POLLING. */
    private void pollLoop() {
        for (;;) {
            Poll<T> p;
            try {
                p = machine.poll(context);
            } catch (Throwable t) {
                run.set(DONE);
                completeExceptionally(t);
                return;
            }
            if (p.isReady()) {
                run.set(DONE);
                complete(p.get());
                return;
            }
            if (run.compareAndSet(POLLING, IDLE)) {
                return;
            }
            // NOTIFIED: a wake came in while we polled; poll again.
            if (!run.compareAndSet(NOTIFIED, POLLING)) {
                // CANCEL_REQUESTED while we polled: now nobody polls, so the machine can unwind.
                run.set(DONE);
                machine.cancel();
                return;
            }
        }
    }

    private void onWake() {
        for (;;) {
            int s = run.get();
            if (s == IDLE) {
                if (run.compareAndSet(IDLE, POLLING)) {
                    pollLoop();
                    return;
                }
            } else if (s == POLLING) {
                if (run.compareAndSet(POLLING, NOTIFIED)) {
                    return;
                }
            } else {
                return; // NOTIFIED or DONE: nothing more is owed
            }
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            for (;;) {
                int s = run.get();
                if (s == IDLE) {
                    if (run.compareAndSet(IDLE, DONE)) {
                        machine.cancel();
                        break;
                    }
                } else if (s == POLLING || s == NOTIFIED) {
                    if (run.compareAndSet(s, CANCEL_REQUESTED)) {
                        break; // the polling thread cancels the machine when its poll returns
                    }
                } else {
                    break; // DONE or already requested
                }
            }
        }
        return cancelled;
    }

    /** The driver's waker: any thread, any number of times. */
    private final class DriverWaker extends Waker {
        @Override
        public void wakeByRef() {
            onWake();
        }

        @Override
        public String toString() {
            return "EagerDriver.waker";
        }
    }
}
