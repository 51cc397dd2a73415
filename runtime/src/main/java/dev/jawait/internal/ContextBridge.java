package dev.jawait.internal;

import dev.jawait.Context;
import dev.jawait.Waker;
import java.lang.invoke.MethodHandles;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lets jawait's executors reuse one {@link Context} for every task they poll on a thread, either
 * by pointing it at the polled task's waker before each poll, or by giving it a function that
 * finds that waker whenever a future asks. {@code Context} stays immutable to
 * everybody else: it hands its setter to this class when it is initialised (the JDK's "shared
 * secrets" pattern). Not part of the API.
 *
 * <p>Only sound because a context is valid during one poll (see {@link Context}): the executor
 * re-points it only between polls, on the one thread that uses it.
 */
public final class ContextBridge {
    private static Function<Waker, Context> factory;
    private static BiConsumer<Context, Waker> setter;
    private static Function<Supplier<Waker>, Context> lookupFactory;

    private ContextBridge() {}

    /** Called once, by {@link Context}'s static initialiser. */
    public static void install(
            Function<Waker, Context> reusableFactory,
            BiConsumer<Context, Waker> contextSetter,
            Function<Supplier<Waker>, Context> lookingUpFactory) {
        if (setter != null) {
            throw new IllegalStateException("ContextBridge already installed");
        }
        factory = Objects.requireNonNull(reusableFactory);
        setter = Objects.requireNonNull(contextSetter);
        lookupFactory = Objects.requireNonNull(lookingUpFactory);
    }

    /**
     * A context the calling executor thread will re-point with {@link #repoint} before each poll;
     * until then its waker is {@link Waker#noop()}.
     */
    public static Context newReusable() {
        initialiseContext();
        return factory.apply(Waker.noop());
    }

    /**
     * A context whose waker is whatever {@code pollingWaker} returns when a future asks: for an
     * executor that knows the polled task by a number, so that it writes no reference per poll.
     * {@code pollingWaker} runs on the polling thread, during the poll.
     */
    public static Context newLookup(Supplier<Waker> pollingWaker) {
        initialiseContext();
        return lookupFactory.apply(pollingWaker);
    }

    private static void initialiseContext() {
        try {
            MethodHandles.lookup().ensureInitialized(Context.class); // which installs the factories
        } catch (IllegalAccessException e) {
            throw new AssertionError("Context is public", e);
        }
    }

    /** Points {@code cx} at {@code waker}; only between polls, on the thread that polls with it. */
    public static void repoint(Context cx, Waker waker) {
        setter.accept(cx, waker);
    }
}
