/**
 * The diagnostics of the jawait processor: one check per class, each reporting a misuse of
 * {@code await} / {@code @Async} at the exact tree with a message that says what to change.
 *
 * <p>{@link dev.jawait.processor.check.CheckRunner} is the entry point: it builds the facts the
 * checks share ({@link dev.jawait.processor.check.UnitFacts} per compilation unit,
 * {@link dev.jawait.processor.check.MethodFacts} per {@code @Async} method) and applies the
 * {@link dev.jawait.processor.check.UnitCheck}s and {@link dev.jawait.processor.check.MethodCheck}s.
 * Warnings are suppressed by {@code @SuppressWarnings("jawait")} on the method or an enclosing class.
 */
package dev.jawait.processor.check;
