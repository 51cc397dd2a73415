package dev.jawait.time;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.internal.Sneaky;
import java.util.concurrent.TimeoutException;

/**
 * The future behind {@link Timer#timeout}: polls the inner future first, then the deadline; on
 * expiry cancels the inner future and throws {@link TimeoutException} unwrapped. The deadline is
 * polled outside the task's {@link dev.jawait.task.Coop} budget, so it fires even when the inner
 * future spends the whole budget in every poll. Whichever way it
 * ends, the other half is released (the timer entry removed or the inner future cancelled).
 */
final class Timeout<T> implements Future<T> {
    private final Future<T> inner;
    private final Sleep sleep;
    private final Deadline deadline;
    private boolean done;

    Timeout(Future<T> inner, Sleep sleep, Deadline deadline) {
        this.inner = inner;
        this.sleep = sleep;
        this.deadline = deadline;
    }

    @Override
    public Poll<T> poll(Context cx) {
        if (done) {
            throw new IllegalStateException("timeout polled after it completed or was cancelled");
        }
        Poll<T> p;
        try {
            p = inner.poll(cx);
        } catch (Throwable failure) {
            done = true;
            sleep.cancel();
            throw failure;
        }
        if (p.isReady()) {
            done = true;
            sleep.cancel();
            return p;
        }
        // Unbudgeted: an inner future that keeps spending the task's budget must not keep the
        // deadline from firing.
        if (sleep.pollUnbudgeted(cx).isPending()) {
            return Poll.pending();
        }
        done = true;
        inner.cancel();
        throw Sneaky.<RuntimeException>sneak(
                new TimeoutException("deadline " + deadline + " elapsed before " + inner + " completed"));
    }

    @Override
    public void cancel() {
        if (done) {
            return;
        }
        done = true;
        try {
            inner.cancel();
        } finally {
            sleep.cancel();
        }
    }

    @Override
    public String toString() {
        return "timeout(" + inner + ", " + sleep + ")";
    }
}
