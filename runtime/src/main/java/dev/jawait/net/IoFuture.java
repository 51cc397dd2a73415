package dev.jawait.net;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.internal.Sneaky;
import dev.jawait.task.Coop;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The skeleton shared by every socket operation future. Each poll:
 * <ol>
 *   <li>yields (wakes the task and returns pending) if the task has spent its
 *       {@link Coop} budget, before touching the socket, so nothing is read, written or
 *       accepted and then held back;</li>
 *   <li>tries the non-blocking call ({@link #attempt}); if it completes, the future spends a
 *       unit of the budget and is ready;</li>
 *   <li>otherwise stores the task's waker, then asks the reactor to watch the socket for
 *       {@link #op} — in that order, so a readiness in between finds the waker;</li>
 *   <li>then checks the deadline (set on the first pending poll) and the reactor's state, and
 *       fails with the timeout or shutdown if either happened.</li>
 * </ol>
 * On completion, failure or {@link #cancel()} it withdraws its waker, its interest and its deadline,
 * so nothing about it stays with the reactor. Failures are thrown unwrapped.
 *
 * @param <T> the type of the operation's result
 */
abstract class IoFuture<T> implements Future<T> {
    /** The readiness this operation waits for ({@link java.nio.channels.SelectionKey} OP_*). */
    private final int op;
    private final long timeoutNanos;
    private Registration registration;
    /** The time limit: a sleep on the reactor's timer, from the first pending poll; or null. */
    private Future<Void> deadline;
    private boolean waiting;
    private boolean done;

    /**
     * @param registration the socket, or {@code null} if {@link #start()} creates it on first poll
     * @param timeoutNanos the time limit from the first pending poll, or -1 for none
     */
    IoFuture(Registration registration, int op, long timeoutNanos) {
        this.registration = registration;
        this.op = op;
        this.timeoutNanos = timeoutNanos;
    }

    /** Creates the socket on the first poll (connect); others pass it to the constructor. */
    Registration start() throws IOException {
        throw new IllegalStateException("no registration");
    }

    /**
     * Tries the non-blocking operation once or more.
     *
     * @return whether it completed; {@code false} means it would block
     */
    abstract boolean attempt(Registration reg) throws IOException;

    /** The result, once {@link #attempt} returned {@code true}. */
    abstract T result();

    /** What the operation is, for messages: "read", "connect to /127.0.0.1:80". */
    abstract String describe();

    /** Runs after the operation failed or was cancelled, having released the reactor's hold. */
    void abandoned() {}

    @Override
    public final Poll<T> poll(Context cx) {
        if (done) {
            throw new IllegalStateException(describe() + ": polled after completion");
        }
        // Checked before the socket is touched, so a yield reads, writes or accepts nothing: no
        // bytes or connection are taken and then held back.
        Coop.Budget coop = Coop.budget(cx);
        if (coop.mustYield(cx)) { // the budget is spent: the task was woken and yields
            return Poll.pending();
        }
        try {
            if (registration == null) {
                registration = start();
            }
            Registration reg = registration;
            reg.throwIfFailed();
            if (attempt(reg)) {
                coop.spend(); // cannot refuse: the budget was checked above
                T value = result();
                release();
                return Poll.ready(value);
            }
            if (timeoutNanos >= 0 && deadline == null) {
                deadline = reg.reactor.timer().sleep(Duration.ofNanos(timeoutNanos));
            }
            reg.awaitReady(op, cx.waker());
            waiting = true;
            // After the waker is stored: the reactor records a failure, then wakes.
            reg.throwIfFailed();
            // The sleep stores the same waker; its timer publishes the firing, then wakes.
            if (deadline != null && deadlineEnded(reg, cx)) {
                deadline = null; // a completed sleep must not be polled or cancelled again
                reg.throwIfFailed(); // ended by the timer's shutdown (see deadlineEnded)
                throw new SocketTimeoutException(
                        describe() + " timed out after " + formatMillis(timeoutNanos));
            }
            return Poll.pending();
        } catch (Throwable t) {
            release();
            abandoned();
            throw Sneaky.<RuntimeException>sneak(registration == null ? t : registration.explain(t));
        }
    }

    /**
     * Whether the deadline has passed. The reactor shuts its timer down only after it has failed
     * every registration, so a deadline ended by that shutdown (the sleep refused, or failed with
     * the timer closed) while this poll ran after {@link Registration#throwIfFailed()} is reported
     * as the reactor's failure, not as a timeout or a timer error.
     */
    private boolean deadlineEnded(Registration reg, Context cx) throws ReactorClosedException {
        try {
            return deadline.poll(cx).isReady();
        } catch (IllegalStateException timerShutDown) {
            deadline = null; // ended: not to be cancelled
            reg.throwIfFailed();
            throw timerShutDown;
        }
    }

    /**
     * Stops the operation: withdraws the waker, the interest in readiness and the deadline. The
     * socket stays open unless the operation owns it (a connect closes its half-open socket).
     * Does nothing after completion.
     */
    @Override
    public final void cancel() {
        if (!done) {
            release();
            abandoned();
        }
    }

    private void release() {
        done = true;
        if (waiting) {
            waiting = false;
            registration.forget(op);
        }
        if (deadline != null) {
            deadline.cancel(); // removes it from the timer at once
            deadline = null;
        }
    }

    /** The socket, or {@code null} before {@link #start()} succeeded. */
    final Registration registration() {
        return registration;
    }

    /** Whether the future completed, failed or was cancelled. */
    final boolean isDone() {
        return done;
    }

    private static String formatMillis(long nanos) {
        long millis = nanos / 1_000_000;
        return millis > 0 || nanos == 0 ? millis + " ms" : nanos + " ns";
    }

    @Override
    public String toString() {
        return describe() + (done ? " (done)" : "");
    }
}
