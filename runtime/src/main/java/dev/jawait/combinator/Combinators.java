package dev.jawait.combinator;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Futures made of other futures: run several concurrently within one task and combine their
 * outcomes.
 *
 * <p>Every combinator polls its children itself, each with its own waker, so a wake-up re-polls
 * only the child that was woken (see {@link TaskScope} for the same engine with a dynamic set of
 * children). Whenever a combinator completes, fails or is cancelled, every child still running is
 * {@linkplain Future#cancel() cancelled} before it returns: losers never keep running unobserved.
 * Failures are rethrown as they are (unwrapped). Nothing runs until the returned future is polled.
 */
public final class Combinators {
    private Combinators() {}

    /**
     * Both values, once both futures completed. If either fails, the other is cancelled and the
     * failure is rethrown.
     */
    public static <A, B> Future<Pair<A, B>> join(Future<A> a, Future<B> b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        return map(new JoinAll<Object>(List.of(a, b)), values -> {
            @SuppressWarnings("unchecked")
            A first = (A) values.get(0);
            @SuppressWarnings("unchecked")
            B second = (B) values.get(1);
            return new Pair<>(first, second);
        });
    }

    /**
     * Every value, in the order of {@code futures}, once all completed. Fails fast: the first
     * failure cancels the others and is rethrown. An empty list gives an empty list.
     */
    public static <T> Future<List<T>> joinAll(List<? extends Future<? extends T>> futures) {
        return new JoinAll<>(checked(futures));
    }

    /**
     * The first future to complete, and its value: whichever completes (or fails) first wins and
     * the others are cancelled; a failure of the winner is rethrown.
     *
     * @throws IllegalArgumentException if {@code futures} is empty
     */
    public static <T> Future<Selected<T>> select(List<? extends Future<? extends T>> futures) {
        return new Select<>(checked(futures));
    }

    /** The value of the first future to complete; the others are cancelled. See {@link #select}. */
    public static <T> Future<T> race(List<? extends Future<? extends T>> futures) {
        return map(select(futures), Selected::value);
    }

    /** The value of the first future to complete; the others are cancelled. See {@link #select}. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, as a list
    public static <T> Future<T> race(Future<? extends T>... futures) {
        return race(Arrays.asList(futures));
    }

    /**
     * The value of the first future to <em>succeed</em>; the others are then cancelled. Failures
     * are set aside until every future has failed, which fails with {@link AllFailedException}
     * (the first failure as its cause, the others suppressed).
     *
     * @throws IllegalArgumentException if {@code futures} is empty
     */
    public static <T> Future<T> any(List<? extends Future<? extends T>> futures) {
        return new AnyOf<>(checked(futures));
    }

    /** See {@link #any(List)}. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, as a list
    public static <T> Future<T> any(Future<? extends T>... futures) {
        return any(Arrays.asList(futures));
    }

    /**
     * {@code future}'s value transformed by {@code fn} (run in the poll that completes it).
     * Cancelling the result cancels {@code future}.
     */
    public static <A, B> Future<B> map(Future<A> future, Function<? super A, ? extends B> fn) {
        Objects.requireNonNull(future, "future");
        Objects.requireNonNull(fn, "fn");
        return new Future<>() {
            private boolean done;

            @Override
            public Poll<B> poll(Context cx) {
                if (done) {
                    throw new IllegalStateException("map polled after it completed or was cancelled");
                }
                Poll<A> p;
                try {
                    p = future.poll(cx);
                } catch (Throwable t) {
                    done = true;
                    throw t;
                }
                if (p.isPending()) {
                    return Poll.pending();
                }
                done = true;
                return Poll.ready(fn.apply(p.get()));
            }

            @Override
            public void cancel() {
                if (!done) {
                    done = true;
                    future.cancel();
                }
            }

            @Override
            public String toString() {
                return "map(" + future + ")";
            }
        };
    }

    private static <L extends List<?>> L checked(L futures) {
        Objects.requireNonNull(futures, "futures");
        for (int i = 0; i < futures.size(); i++) {
            if (futures.get(i) == null) {
                throw new NullPointerException("futures[" + i + "] is null");
            }
        }
        return futures;
    }
}
