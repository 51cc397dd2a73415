package dev.jawait.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs one {@link RetainedHeap} row outside JMH the way JMH runs one of its iterations (a fresh
 * result, the row's state prepared for {@value #TASKS} tasks, the row, the state released) and
 * checks the answer against a sanity bound only: a suspended task keeps at least an object header
 * and its fields (16 bytes), and the test's JVM may use any collector.
 */
final class RetainedHeapSmoke {
    private RetainedHeapSmoke() {}

    /** How many tasks each row suspends (the benchmark's default is ten times as many). */
    static final int TASKS = 10_000;

    /** A row state's iteration setup ({@code prepare(Size)}). */
    @FunctionalInterface
    interface Prepare<S> {
        /** Prepares {@code state} for {@code size.tasks} tasks. */
        void prepare(S state, RetainedHeap.Size size) throws Exception;
    }

    /** A row of {@link RetainedHeap}: suspends the tasks and records what they keep. */
    @FunctionalInterface
    interface Row<S> {
        /** Runs the row on {@code state}, recording the bytes per task in {@code result}. */
        void measure(S state, RetainedHeap.Size size, RetainedHeap.Result result) throws Exception;
    }

    /** Runs {@code row} on {@code state}; {@code label} names it in the failure. */
    static <S> void assertKeepsAtLeastAHeader(String label, S state, Prepare<S> prepare, WithState.Step<S> release,
            Row<S> row) throws Exception {
        RetainedHeap.Size size = new RetainedHeap.Size();
        size.tasks = TASKS;
        RetainedHeap.Result result = new RetainedHeap.Result();
        WithState.run(state, s -> prepare.prepare(s, size), release, s -> row.measure(s, size, result));
        assertTrue(result.bytesPerTask >= 16, label + ": " + result.bytesPerTask);
    }
}
