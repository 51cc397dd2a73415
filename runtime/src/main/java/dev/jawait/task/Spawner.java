package dev.jawait.task;

import dev.jawait.Future;

/**
 * Something that runs futures as independent tasks: every jawait executor is one.
 */
public interface Spawner {
    /**
     * Starts driving {@code future} as a new task and returns a handle to its outcome. The task runs
     * whether or not the handle is awaited.
     */
    <T> JoinHandle<T> spawn(Future<T> future);
}
