package dev.jawait.internal;

import dev.jawait.Context;
import dev.jawait.Waker;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Lets jawait's executors reuse one {@link Context} for every task they poll on a thread, by
 * pointing it at the polled task's waker before each poll. {@code Context} stays immutable to
 * everybody else: it hands its setter to this class when it is initialised (the JDK's "shared
 * secrets" pattern). Not part of the API.
 *
 * <p>Only sound because a context is valid during one poll (see {@link Context}): the executor
 * re-points it only between polls, on the one thread that uses it.
 */
public final class ContextBridge {
    private static BiConsumer<Context, Waker> setter;

    private ContextBridge() {}

    /** Called once, by {@link Context}'s static initialiser. */
    public static void install(BiConsumer<Context, Waker> contextSetter) {
        if (setter != null) {
            throw new IllegalStateException("ContextBridge already installed");
        }
        setter = Objects.requireNonNull(contextSetter);
    }

    /**
     * A context the calling executor thread will re-point with {@link #repoint} before each poll;
     * until then its waker is {@link Waker#noop()}.
     */
    public static Context newReusable() {
        return Context.of(Waker.noop()); // also runs Context's initialiser, which installs the setter
    }

    /** Points {@code cx} at {@code waker}; only between polls, on the thread that polls with it. */
    public static void repoint(Context cx, Waker waker) {
        setter.accept(cx, waker);
    }
}
