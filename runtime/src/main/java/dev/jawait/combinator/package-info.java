/**
 * Running futures concurrently inside one task: {@link dev.jawait.combinator.Combinators} (join,
 * joinAll, select, race, any, map) and structured concurrency with
 * {@link dev.jawait.combinator.TaskScope}. Every child still running when a combinator ends is
 * cancelled.
 */
package dev.jawait.combinator;
