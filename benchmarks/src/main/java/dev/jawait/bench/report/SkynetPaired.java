package dev.jawait.bench.report;

import dev.jawait.bench.JawaitExecutors;
import dev.jawait.bench.Skynet;

/**
 * Skynet's floor, the floor plus the objects the contract needs, the hand-written {@code Future}
 * on a tiny run queue (the target's reference) and the two {@code LocalExecutor} rows
 * (hand-lowered and {@code @Async}), taking turns tree by tree in one JVM, with each row's mean
 * per window of ten rounds and its ratios. On this shared machine the times of these
 * allocation-heavy rows move by a third or more for minutes at a time, within one JVM as well as between JVMs (BENCHMARKS.md,
 * session 7); rows that take turns in one JVM move together, so their ratio moves much less than
 * their times. Use it to compare two builds of the runtime: run each jar a few times, alternating,
 * and compare the ratios, not the times.
 *
 * <p>Usage: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar
 * dev.jawait.bench.report.SkynetPaired [windows]} (10 by default, after one window of warmup).
 */
public final class SkynetPaired {
    private static final int LEAVES = 1_000_000;
    private static final int ROUNDS_PER_WINDOW = 10;

    private SkynetPaired() {}

    public static void main(String[] args) {
        int windows = ToolArgs.positiveOrExit(args, 10, "SkynetPaired [windows], a positive number (default 10)");
        Skynet rows = new Skynet();
        Skynet.Floor floor = new Skynet.Floor();
        Skynet.Tiny tiny = new Skynet.Tiny();
        Skynet.Tree tree = new Skynet.Tree();
        tree.leaves = LEAVES;
        tree.validate();
        JawaitExecutors.Local local = new JawaitExecutors.Local();
        local.start();
        try {
            double lowest = Double.MAX_VALUE;
            double highest = 0;
            double lowestAsync = Double.MAX_VALUE;
            double highestAsync = 0;
            for (int window = 0; window <= windows; window++) {
                long floorNanos = 0;
                long objectsNanos = 0;
                long futureNanos = 0;
                long localNanos = 0;
                long asyncNanos = 0;
                for (int round = 0; round < ROUNDS_PER_WINDOW; round++) {
                    long start = System.nanoTime();
                    rows.handwritten(floor, tree);
                    long floorDone = System.nanoTime();
                    tree.check();
                    rows.handwrittenContractObjects(floor, tree);
                    long objectsDone = System.nanoTime();
                    tree.check();
                    rows.handwrittenFuture(tiny, tree);
                    long futureDone = System.nanoTime();
                    tree.check();
                    rows.localExecutor(local, tree);
                    long localDone = System.nanoTime();
                    tree.check();
                    rows.localExecutorAsync(local, tree);
                    long asyncDone = System.nanoTime();
                    tree.check();
                    floorNanos += floorDone - start;
                    objectsNanos += objectsDone - floorDone;
                    futureNanos += futureDone - objectsDone;
                    localNanos += localDone - futureDone;
                    asyncNanos += asyncDone - localDone;
                }
                if (window == 0) {
                    continue; // warmup
                }
                double ratio = (double) localNanos / futureNanos;
                lowest = Math.min(lowest, ratio);
                highest = Math.max(highest, ratio);
                double asyncRatio = (double) asyncNanos / futureNanos;
                lowestAsync = Math.min(lowestAsync, asyncRatio);
                highestAsync = Math.max(highestAsync, asyncRatio);
                System.out.printf("window %d: floor %.1f ms, + contract objects %.1f ms (%.2fx), hand-written Future"
                                + " %.1f ms (%.2fx), LocalExecutor %.1f ms (%.2fx the floor, %.2fx the hand-written Future),"
                                + " @Async %.1f ms (%.2fx the hand-written Future)%n",
                        window, millisPerTree(floorNanos), millisPerTree(objectsNanos),
                        (double) objectsNanos / floorNanos, millisPerTree(futureNanos),
                        (double) futureNanos / floorNanos, millisPerTree(localNanos),
                        (double) localNanos / floorNanos, ratio, millisPerTree(asyncNanos), asyncRatio);
            }
            System.out.printf("LocalExecutor / hand-written Future: %.2fx to %.2fx, @Async: %.2fx to %.2fx over %d windows%n",
                    lowest, highest, lowestAsync, highestAsync, windows);
        } finally {
            local.stop();
        }
    }

    private static double millisPerTree(long nanos) {
        return nanos / 1e6 / ROUNDS_PER_WINDOW;
    }
}
