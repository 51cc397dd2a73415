package dev.jawait.bench.report;

import dev.jawait.bench.AwaitChain;
import dev.jawait.bench.jawait.ChainMachine;
import dev.jawait.executor.WorkStealingExecutor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The hand-lowered 1,000-step await chain on two work-stealing workers, awaited with
 * {@code blockOn} from this thread as in {@code AwaitChain.workStealingMachine}, for a number of
 * seconds: the median invocation of each quarter second, with the JVM's uptime. JMH gives one
 * number per fork, and the forks of this row disagree (about 22 or about 40 µs per invocation);
 * this shows that one JVM moves between the two, in stretches that start and end at young
 * collections (add {@code -Xlog:gc} to see them). Pinned to one CPU it is steady: the likely cause
 * is where the scheduler puts the busy worker and the two spinning threads (BENCHMARKS.md, run L).
 *
 * <p>Usage: {@code java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar
 * dev.jawait.bench.report.ChainWindows [seconds]} (20 by default).
 */
public final class ChainWindows {
    private static final long WINDOW_NANOS = 250_000_000L;
    private static final int MAX_SAMPLES = 4_096;

    private ChainWindows() {}

    public static void main(String[] args) throws Exception {
        int seconds = ToolArgs.positiveOrExit(args, 20, "ChainWindows [seconds], a positive number (default 20)");
        try (WorkStealingExecutor ex = WorkStealingExecutor.builder().workers(2).build()) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long[] samples = new long[MAX_SAMPLES];
            while (System.nanoTime() < end) {
                int n = 0;
                long windowEnd = System.nanoTime() + WINDOW_NANOS;
                while (n < MAX_SAMPLES && System.nanoTime() < windowEnd) {
                    long start = System.nanoTime();
                    long sum = ex.blockOn(new ChainMachine(AwaitChain.STEPS));
                    samples[n++] = System.nanoTime() - start;
                    if (sum != AwaitChain.EXPECTED) {
                        throw new AssertionError("chain sum " + sum + " != " + AwaitChain.EXPECTED);
                    }
                }
                Arrays.sort(samples, 0, n);
                System.out.println("at " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms: median "
                        + samples[n / 2] / 1_000 + " µs per invocation (" + n + " invocations)");
            }
        }
    }
}
