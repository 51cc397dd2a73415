package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.function.IntFunction;

/**
 * A hand-written machine ({@code int state} + {@code switch}, what the processor generates) that
 * spawns {@code count} tasks, yields once so they can run, then awaits every handle in order.
 * Ready with the number of tasks joined.
 */
public final class SpawnAllAndJoin implements Future<Integer> {
    private final Spawner spawner;
    private final IntFunction<Future<?>> task;
    private final JoinHandle<?>[] handles;
    private int state;
    private int next;

    /**
     * @param task makes the body of task {@code i}
     */
    public SpawnAllAndJoin(Spawner spawner, int count, IntFunction<Future<?>> task) {
        this.spawner = spawner;
        this.task = task;
        this.handles = new JoinHandle<?>[count];
    }

    @Override
    public Poll<Integer> poll(Context cx) {
        switch (state) {
            case 0: // spawn them all, then let them run before joining
                for (int i = 0; i < handles.length; i++) {
                    handles[i] = spawner.spawn(task.apply(i));
                }
                state = 1;
                cx.waker().wakeByRef();
                return Poll.pending();
            case 1: // await each handle
                while (next < handles.length) {
                    if (handles[next].poll(cx).isPending()) {
                        return Poll.pending();
                    }
                    handles[next++] = null;
                }
                state = 2;
                return Poll.ready(handles.length);
            default:
                throw new IllegalStateException("polled after completion");
        }
    }
}
