package dev.jawait.executor;

import dev.jawait.Waker;

/**
 * The task-id waker of the {@link LocalExecutor}: an immutable value (executor, slot index,
 * generation), so {@link #clone()} returns {@code this} and {@link #drop()} does nothing. It holds
 * no reference to the task; a wake looks the slot up and is ignored if the slot has moved on to a
 * newer generation.
 */
final class LocalWaker extends Waker {
    private final LocalExecutor executor;
    private final long id;

    LocalWaker(LocalExecutor executor, long id) {
        this.executor = executor;
        this.id = id;
    }

    /** The task id this waker carries (for tests). */
    long id() {
        return id;
    }

    @Override
    public void wakeByRef() {
        executor.wake(id);
    }

    @Override
    public void wake() {
        executor.wake(id);
    }

    @Override
    public boolean willWake(Waker other) {
        return other instanceof LocalWaker
                && ((LocalWaker) other).executor == executor
                && ((LocalWaker) other).id == id;
    }

    @Override
    public String toString() {
        return "LocalWaker[slot=" + LocalExecutor.slotOf(id) + ", generation="
                + LocalExecutor.generationOf(id) + "]";
    }
}
