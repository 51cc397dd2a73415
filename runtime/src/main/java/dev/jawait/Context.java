package dev.jawait;

import dev.jawait.internal.ContextBridge;
import java.util.Objects;

/**
 * What a future receives when it is polled: the {@link Waker} of the task polling it.
 *
 * <p><b>A context is valid only during the poll it was passed to</b> (Rust's rule: a
 * {@code Context} is borrowed for the duration of {@code poll}). A future that needs to be woken
 * later keeps a {@link Waker#clone() clone} of {@link #waker()}, never the context itself: jawait's
 * executors use one context per executor thread and point it at the waker of each task they poll,
 * so a context kept past its poll would later name another task.
 */
public final class Context {
    static {
        // The executors' way to point a context at another waker, without making Context mutable
        // for everybody (the JDK's "shared secrets" pattern).
        ContextBridge.install(Context::repoint);
    }

    private Waker waker;

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

    private static void repoint(Context cx, Waker waker) {
        cx.waker = waker;
    }

    @Override
    public String toString() {
        return "Context[" + waker + "]";
    }
}
