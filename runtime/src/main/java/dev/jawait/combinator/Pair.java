package dev.jawait.combinator;

/**
 * The values of two futures joined by {@link Combinators#join(dev.jawait.Future, dev.jawait.Future)}.
 *
 * @param first the first future's value
 * @param second the second future's value
 * @param <A> the type of the first value
 * @param <B> the type of the second value
 */
public record Pair<A, B>(A first, B second) {}
