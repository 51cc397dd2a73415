/**
 * What the jawait processor's generated state machines are built on: {@link
 * dev.jawait.machine.AsyncMachine} (the base class of every generated machine), {@link
 * dev.jawait.machine.Machines} (static helpers the generated code calls) and {@link
 * dev.jawait.machine.EagerDriver} (runs a machine eagerly behind a {@code CompletableFuture}).
 * Public because generated code lives in the user's packages; not meant to be called by hand.
 */
package dev.jawait.machine;
