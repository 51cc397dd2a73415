package dev.jawait;

import dev.jawait.internal.Cells;
import dev.jawait.internal.ContextBridge;
import java.util.Objects;
import java.util.function.Supplier;

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
        ContextBridge.install(Context::reusable, Context::repoint, Context::lookingUp);
    }

    /** The waker of a context made by {@link #of}; {@code null} in an executor's own. */
    private final Waker fixed;
    /**
     * A reusable context's waker, in a {@link Cells cell}: an executor thread re-points it at
     * every poll, and two threads' contexts must never share a cache line.
     */
    private final Waker[] cell;
    /** Where a looked-up context gets the waker of the task being polled, at each call. */
    private final Supplier<Waker> lookup;

    private Context(Waker fixed, Waker[] cell, Supplier<Waker> lookup) {
        this.fixed = fixed;
        this.cell = cell;
        this.lookup = lookup;
    }

    /** A context that hands {@code waker} to the futures it polls. */
    public static Context of(Waker waker) {
        return new Context(Objects.requireNonNull(waker, "waker"), null, null);
    }

    /** The waker to {@link Waker#clone() clone} and keep if the poll returns pending. */
    public Waker waker() {
        Waker w = fixed;
        if (w != null) {
            return w;
        }
        Waker[] c = cell;
        return c != null ? c[Cells.INDEX] : lookup.get();
    }

    /** An executor thread's context, re-pointed through {@link ContextBridge}. */
    private static Context reusable(Waker initial) {
        Waker[] c = new Waker[Cells.LENGTH];
        c[Cells.INDEX] = Objects.requireNonNull(initial, "waker");
        return new Context(null, c, null);
    }

    /** An executor's context whose waker {@code lookup} finds (through {@link ContextBridge}). */
    private static Context lookingUp(Supplier<Waker> lookup) {
        return new Context(null, null, Objects.requireNonNull(lookup, "lookup"));
    }

    private static void repoint(Context cx, Waker waker) {
        Waker[] c = cx.cell;
        if (c == null) {
            throw new IllegalStateException("only a reusable context can be re-pointed");
        }
        c[Cells.INDEX] = waker;
    }

    @Override
    public String toString() {
        return "Context[" + waker() + "]";
    }
}
