package dev.jawait.task;

/**
 * Receives the failures of tasks that nobody observed through their {@link JoinHandle}, so that no
 * failure is dropped silently. The default prints the stack trace to {@code System.err}, like an
 * uncaught exception on a thread.
 */
@FunctionalInterface
public interface UnhandledFailureHandler {
    /** Called once for each failed task whose failure was not observed. */
    void unhandled(Object task, Throwable failure);

    /** Prints {@code failure} to {@code System.err}, naming the task. */
    static UnhandledFailureHandler printing() {
        return (task, failure) -> {
            System.err.println("jawait: unobserved failure of task " + task);
            failure.printStackTrace();
        };
    }
}
