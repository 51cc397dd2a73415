package dev.jawait.combinator;

/**
 * The winner of a {@link Combinators#select(java.util.List) select}: which future completed first,
 * and its value.
 *
 * @param index the winner's position in the list given to {@code select}
 * @param value the winner's value
 * @param <T> the type of the value
 */
public record Selected<T>(int index, T value) {}
