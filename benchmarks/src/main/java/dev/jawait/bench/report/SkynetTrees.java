package dev.jawait.bench.report;

import dev.jawait.bench.Skynet;
import dev.jawait.bench.jawait.SkynetTask;
import dev.jawait.executor.WorkStealingExecutor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Skynet on two work-stealing workers, one tree after another, with each tree's wall time and the
 * CPU time each worker spent on it. JMH's skynet row is a median over a few seconds; this shows
 * how a run moves from tree to tree, which is how the per-collection slowdowns of session 6 were
 * found (both workers busy, each at half speed, for the ten or so trees between two young
 * collections). Run it with the heap JMH gives the row.
 *
 * <p>Usage: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar
 * dev.jawait.bench.report.SkynetTrees [trees]} (60 by default). The last line counts the trees,
 * past the first ten, that took more than 1.5× the median of those trees.
 */
public final class SkynetTrees {
    private static final int LEAVES = 1_000_000;
    private static final String PREFIX = "skynet-trees-";

    private SkynetTrees() {}

    public static void main(String[] args) throws Exception {
        int trees = ToolArgs.positiveOrExit(args, 60, "SkynetTrees [trees], trees a positive number (default 60)");
        long expected = Skynet.expectedSum(LEAVES);
        try (WorkStealingExecutor ex = WorkStealingExecutor.builder().workers(2).threadNamePrefix(PREFIX).build()) {
            ex.blockOn(new SkynetTask(ex, 0, 10)); // starts the workers, so that they can be found
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            List<Long> workers = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith(PREFIX)) {
                    workers.add(t.getId());
                }
            }
            long[] cpuBefore = new long[workers.size()];
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < trees; i++) {
                for (int w = 0; w < workers.size(); w++) {
                    cpuBefore[w] = mx.getThreadCpuTime(workers.get(w));
                }
                long start = System.nanoTime();
                long sum = ex.blockOn(new SkynetTask(ex, 0, LEAVES));
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (sum != expected) {
                    throw new AssertionError("skynet sum " + sum + " != " + expected);
                }
                StringBuilder cpu = new StringBuilder();
                for (int w = 0; w < workers.size(); w++) {
                    cpu.append(' ').append((mx.getThreadCpuTime(workers.get(w)) - cpuBefore[w]) / 1_000_000);
                }
                System.out.println("tree " + i + ": " + ms + " ms; CPU ms per worker:" + cpu);
                millis.add(ms);
            }
            List<Long> settled = new ArrayList<>(millis.subList(Math.min(10, trees), trees));
            settled.sort(null);
            if (!settled.isEmpty()) {
                long median = settled.get(settled.size() / 2);
                long slow = settled.stream().filter(ms -> ms * 2 > median * 3).count();
                System.out.println("trees 10..: median " + median + " ms; " + slow + " of " + settled.size()
                        + " took more than 1.5x the median");
            }
        }
    }
}
