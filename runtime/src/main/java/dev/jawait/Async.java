package dev.jawait;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose body may call {@link Await#await(Future) await(...)}.
 *
 * <p>The jawait annotation processor rewrites the method at compile time into a state machine.
 * The method must return {@link Future} (lazy: nothing runs until the machine is polled),
 * {@link java.util.concurrent.CompletableFuture} or {@link java.util.concurrent.CompletionStage}
 * (eager: the body runs inline until its first real suspension).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Async {}
