package dev.jawait.internal;

import dev.jawait.Context;
import dev.jawait.Waker;
import java.lang.invoke.MethodHandles;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lets jawait's executors use one {@link Context} for every task they poll on a thread: a context
 * that asks the executor for the polled task's waker whenever a future wants it. {@code Context}
 * keeps that constructor to itself and hands it to this class when it is initialised (the JDK's
 * "shared secrets" pattern). Not part of the API.
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
    private static Function<Supplier<Waker>, Context> factory;

    private ContextBridge() {}

    /** Called once, by {@link Context}'s static initialiser. */
    public static void install(Function<Supplier<Waker>, Context> lookingUpFactory) {
        if (factory != null) {
            throw new IllegalStateException("ContextBridge already installed");
        }
        factory = Objects.requireNonNull(lookingUpFactory);
    }

    /**
     * A context whose waker is whatever {@code pollingWaker} returns when a future asks: the
     * waker of the task being polled, or {@link Waker#noop()} between polls. It runs on the
     * polling thread, during the poll.
     */
    public static Context newLookup(Supplier<Waker> pollingWaker) {
        try {
            MethodHandles.lookup().ensureInitialized(Context.class); // which installs the factory
        } catch (IllegalAccessException e) {
            throw new AssertionError("Context is public", e);
        }
        return factory.apply(pollingWaker);
    }
}
