package dev.jawait.bench.jawait;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;

/**
 * The same-thread wake scenario as a task: spawns a {@link Sleeper}, then {@code rounds} times wakes
 * it (a same-thread wake of another task) and yields (a self-wake), so that the executor polls the
 * sleeper and then the driver. Finally opens the sleeper and awaits it. Ready with the sleeper's
 * poll count.
 */
public final class WakeDriver implements Future<Long> {
    private final Spawner spawner;
    private final int rounds;
    private final Sleeper sleeper = new Sleeper();
    private JoinHandle<Void> handle;
    private int state;
    private int round;

    public WakeDriver(Spawner spawner, int rounds) {
        this.spawner = spawner;
        this.rounds = rounds;
    }

    @Override
    public Poll<Long> poll(Context cx) {
        switch (state) {
            case 0: // start the sleeper and let it suspend
                handle = spawner.spawn(sleeper);
                state = 1;
                cx.waker().wakeByRef();
                return Poll.pending();
            case 1:
                if (sleeper.polls() == 0) {
                    // The executor may poll us again before the sleeper's first poll (its
                    // fairness rule can reorder a spawn): no waker to wake yet.
                    cx.waker().wakeByRef();
                    return Poll.pending();
                }
                if (round < rounds) {
                    round++;
                    sleeper.wake();
                    cx.waker().wakeByRef();
                    return Poll.pending();
                }
                sleeper.open();
                state = 2;
                // fall through
            case 2:
                if (handle.poll(cx).isPending()) {
                    return Poll.pending();
                }
                state = 3;
                return Poll.ready(sleeper.polls());
            default:
                throw new IllegalStateException("polled after completion");
        }
    }
}
