package dev.jawait.task;

import java.util.List;
import java.util.Objects;

/**
 * One line of an executor's task dump ({@code LocalExecutor.dumpTasks()},
 * {@code WorkStealingExecutor.dumpTasks()}): a live task, what it is doing, and what it waits for.
 *
 * <p>{@link #future()} is the task's future's {@code toString()}, rendered when the dump was taken.
 * The runtime's own futures describe themselves and the futures they wait on, so for a task
 * suspended in an {@code @Async} method the text reads as an async stack trace: the machine, the
 * line it is suspended at, and what it awaits there.
 *
 * @param id the task's id within its executor, as it appears in {@link JoinHandle#toString()}
 * @param state whether the task is scheduled, running or suspended
 * @param future the task's future, described by its {@code toString()}
 */
public record TaskInfo(String id, State state, String future) {
    /** What a live task is doing when the dump is taken. */
    public enum State {
        /** Owed a poll: it sits in a run queue (woken, or spawned and not polled yet). */
        SCHEDULED,
        /** Being polled (on the thread taking the dump, or on another worker). */
        RUNNING,
        /** Waiting for a wake: its future returned pending and nobody has woken it since. */
        SUSPENDED;

        /** The state as it appears in a dump: {@code scheduled}, {@code running}, {@code suspended}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Checks that no component is {@code null}. */
    public TaskInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(future, "future");
    }

    /** This task as one line of a dump: {@code "#3.0 suspended  <future>"}. */
    @Override
    public String toString() {
        return id + " " + state.label() + "  " + future;
    }

    /**
     * Renders a dump: a header line, then one line per task, indented by two spaces.
     *
     * @param header the first line, usually the executor's {@code toString()}
     * @param tasks the live tasks
     * @return the dump, lines separated by {@code '\n'}, without a trailing newline
     */
    public static String render(String header, List<TaskInfo> tasks) {
        StringBuilder b = new StringBuilder(header);
        for (TaskInfo t : tasks) {
            b.append("\n  ").append(t);
        }
        return b.toString();
    }

    /**
     * {@code future.toString()}, or a note saying why it could not be rendered: a dump is a
     * diagnostic tool and must not fail because one future's {@code toString} did.
     *
     * @param future the future to describe
     * @return its description
     */
    public static String describe(Object future) {
        try {
            return String.valueOf(future);
        } catch (RuntimeException | StackOverflowError e) {
            return future.getClass().getName() + " (toString threw " + e + ")";
        }
    }
}
