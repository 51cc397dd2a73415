package dev.jawait;

import java.util.Objects;

/**
 * What a future receives when it is polled: the {@link Waker} of the task polling it.
 *
 * <p>Executors create one context per task and reuse it for every poll of that task.
 */
public final class Context {
    private final Waker waker;

    private Context(Waker waker) {
        this.waker = Objects.requireNonNull(waker, "waker");
    }

    /** A context that hands {@code waker} to the futures it polls. */
    public static Context of(Waker waker) {
        return new Context(waker);
    }

    /** The waker to {@link Waker#clone() clone} and keep if the poll returns pending. */
    public Waker waker() {
        return waker;
    }

    @Override
    public String toString() {
        return "Context[" + waker + "]";
    }
}
