package dev.jawait.bench.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The named executors the {@code CompletableFuture} rows run on. Never the common pool: on 2 cores
 * its parallelism is 1 and other code may share it (baselines.md).
 */
public final class NamedThreads {
    private NamedThreads() {}

    /** One daemon thread named {@code name}, FIFO, the single-thread analogue of our executors. */
    public static ExecutorService singleThread(String name) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A work-stealing pool of {@code parallelism} daemon threads named {@code prefix-N}. */
    public static ForkJoinPool forkJoin(String prefix, int parallelism) {
        AtomicInteger n = new AtomicInteger();
        return new ForkJoinPool(parallelism, pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName(prefix + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Shuts {@code executor} down and waits briefly for its threads. */
    public static void shutdown(ExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(executor + " did not stop");
        }
    }
}
