package dev.jawait.fuzzer.run;

/** The executors a machine runs on. The twin always runs synchronously. */
public enum Drive {
    /** {@code Await.blockOn} on the runner thread. */
    BLOCK_ON,
    /** A fresh {@code LocalExecutor} driven on the runner thread. */
    LOCAL,
    /** A shared {@code WorkStealingExecutor} with two workers. */
    WORK_STEALING
}
