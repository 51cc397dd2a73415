package dev.jawait.bench;

import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The JMH states that give a benchmark one of jawait's two executors, shared by the scenarios. */
public final class JawaitExecutors {
    private JawaitExecutors() {}

    /** jawait's single-thread executor (task-ID wakers), driven by {@code blockOn} on this thread. */
    @State(Scope.Thread)
    public static class Local {
        LocalExecutor executor;

        @Setup
        public void start() {
            executor = LocalExecutor.create();
        }

        @TearDown
        public void stop() {
            Check.that(executor.taskCount() == 0, "tasks left behind: " + executor.taskCount());
            executor.close();
        }
    }

    /** jawait's work-stealing executor (refcount wakers), two workers (one per core). */
    @State(Scope.Thread)
    public static class Ws {
        WorkStealingExecutor executor;

        @Setup
        public void start() {
            executor = WorkStealingExecutor.builder().workers(2).threadNamePrefix("jawait-ws-").daemon(true).build();
        }

        @TearDown
        public void stop() throws InterruptedException {
            executor.close();
        }
    }
}
