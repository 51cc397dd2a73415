package dev.jawait;

import dev.jawait.internal.ContextBridge;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a future receives when it is polled: the {@link Waker} of the task polling it.
 *
 * <p><b>A context is valid only during the poll it was passed to</b> (Rust's rule: a
 * {@code Context} is borrowed for the duration of {@code poll}). A future that needs to be woken
 * later keeps a {@link Waker#clone() clone} of {@link #waker()}, never the context itself: jawait's
 * executors use one context per executor thread, whose waker is that of whichever task the thread
 * is polling, so a context kept past its poll names another task or none.
 */
public final class Context {
    static {
        // The executors' way to make a context that follows the polled task, without making
        // that possible for everybody (the JDK's "shared secrets" pattern).
        ContextBridge.install(new ContextBridge.Access() {
            @Override
            public Context newLookup(Supplier<Waker> lookup) {
                return new Context(null, Objects.requireNonNull(lookup, "lookup"));
            }

            @Override
            public Object budgetHint(Context cx) {
                return cx.budgetHint;
            }

            @Override
            public void setBudgetHint(Context cx, Object budget) {
                cx.budgetHint = budget;
            }
        });
    }

    /** The waker of a context made by {@link #of}; {@code null} in an executor's own. */
    private final Waker fixed;
    /** Where an executor's context finds the waker of the task being polled, at each call. */
    private final Supplier<Waker> lookup;
    /**
     * The cooperative budget of the thread that polls with this context, as its executor last
     * set it (through {@link ContextBridge}), so that a future finds it without a thread-local
     * look-up; {@code null} if none. Only a hint: the reader checks that it is its own thread's.
     */
    private Object budgetHint;

    private Context(Waker fixed, Supplier<Waker> lookup) {
        this.fixed = fixed;
        this.lookup = lookup;
    }

    /** A context that hands {@code waker} to the futures it polls. */
    public static Context of(Waker waker) {
        return new Context(Objects.requireNonNull(waker, "waker"), null);
    }

    /** The waker to {@link Waker#clone() clone} and keep if the poll returns pending. */
    public Waker waker() {
        Waker w = fixed;
        return w != null ? w : lookup.get();
    }

    @Override
    public String toString() {
        return "Context[" + waker() + "]";
    }
}
