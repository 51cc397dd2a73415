package dev.jawait.fuzzer.run;

/** The executors a machine runs on. The twin always runs synchronously. */
public enum Drive {
    /** {@code Await.blockOn} on the runner thread; no task to abort, so no cancel runs here. */
    BLOCK_ON,
    /** A fresh {@code LocalExecutor} driven on the runner thread (a cancel run spawns and awaits the handle). */
    LOCAL,
    /** A shared {@code WorkStealingExecutor} with two workers (a cancel run spawns and awaits the handle). */
    WORK_STEALING
}
