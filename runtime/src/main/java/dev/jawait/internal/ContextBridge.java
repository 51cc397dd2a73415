package dev.jawait.internal;

import dev.jawait.Context;
import dev.jawait.Waker;
import java.lang.invoke.MethodHandles;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Lets jawait's executors use one {@link Context} for every task they poll on a thread: a context
 * that asks the executor for the polled task's waker whenever a future wants it, and that carries
 * the polling thread's cooperative budget. {@code Context} keeps that constructor and that field
 * to itself and hands access to them to this class when it is initialised (the JDK's "shared
 * secrets" pattern). Not part of the API.
 *
 * <p>Why a lookup rather than a context re-pointed before each poll: the executor's context lives
 * as long as the executor, so it soon sits in the old generation, and under G1 every store of a
 * reference into an old object pays the write barrier's StoreLoad fence, as much as an atomic
 * instruction. The executors already know the polled task (by slab slot, or in a worker field
 * they write anyway), so looking it up costs no store at all.
 *
 * <p>Only sound because a context is valid during one poll (see {@link Context}).
 */
public final class ContextBridge {
    private static Access access;

    private ContextBridge() {}

    /** What {@link Context} lets its executors do, installed by its static initialiser. */
    public interface Access {
        /** See {@link ContextBridge#newLookup}. */
        Context newLookup(Supplier<Waker> pollingWaker);

        /** See {@link ContextBridge#budgetHint}. */
        Object budgetHint(Context cx);

        /** See {@link ContextBridge#setBudgetHint}. */
        void setBudgetHint(Context cx, Object budget);
    }

    /** Called once, by {@link Context}'s static initialiser. */
    public static void install(Access contextAccess) {
        if (access != null) {
            throw new IllegalStateException("ContextBridge already installed");
        }
        access = Objects.requireNonNull(contextAccess);
    }

    /**
     * A context whose waker is whatever {@code pollingWaker} returns when a future asks: the
     * waker of the task being polled, or {@link Waker#noop()} between polls. It runs on the
     * polling thread, during the poll.
     */
    public static Context newLookup(Supplier<Waker> pollingWaker) {
        return access().newLookup(pollingWaker);
    }

    /**
     * The cooperative budget ({@code Coop.Budget}) that {@link #setBudgetHint} last gave
     * {@code cx}, or {@code null}. A hint: it may belong to another thread than the caller's.
     */
    public static Object budgetHint(Context cx) {
        return access().budgetHint(cx);
    }

    /**
     * Records in {@code cx} the budget of the thread that polls with it, so that the futures
     * it polls find it without a thread-local look-up ({@code Coop.budget(Context)}). For an
     * executor, each time a thread starts polling with {@code cx}: the field is written rarely,
     * not per poll (the context is long-lived: see above).
     */
    public static void setBudgetHint(Context cx, Object budget) {
        access().setBudgetHint(cx, budget);
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Context.class); // which installs it
            } catch (IllegalAccessException e) {
                throw new AssertionError("Context is public", e);
            }
            a = access;
        }
        return a;
    }
}
