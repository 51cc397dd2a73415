package dev.jawait.time;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link TimerQueues}' workloads with the heap and the wheel run in alternation, for a machine
 * too loaded for JMH's one-configuration-after-another order: each round times a burst of the
 * heap and then the same burst of the wheel, so both see the same background load, and the ratio
 * of each round is kept. Prints, per workload and size, the median ns/op of each queue and the
 * median of the per-round ratios (wheel / heap). Run after JMH has compiled nothing: the first
 * {@code warmupRounds} rounds are discarded.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.jawait.time.TimerQueuesInterleaved [rounds]</pre>
 */
public final class TimerQueuesInterleaved {
    private static final int OPS_PER_BURST = 200_000;
    private static Object sink;

    private TimerQueuesInterleaved() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmupRounds = 5;
        System.out.println("| workload | pending | heap ns/op (median) | wheel ns/op (median) | wheel / heap (median of per-round ratios) |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (String workload : new String[] {"insertCancel", "insertFire"}) {
            for (int pending : new int[] {1_000, 10_000, 100_000}) {
                List<Double> heap = new ArrayList<>();
                List<Double> wheel = new ArrayList<>();
                List<Double> ratio = new ArrayList<>();
                for (int r = 0; r < warmupRounds + rounds; r++) {
                    double h = burst(workload, "heap", pending);
                    double w = burst(workload, "wheel", pending);
                    if (r >= warmupRounds) {
                        heap.add(h);
                        wheel.add(w);
                        ratio.add(w / h);
                    }
                }
                System.out.printf("| %s | %,d | %.1f | %.1f | %.2f |%n",
                        workload, pending, median(heap), median(wheel), median(ratio));
            }
        }
    }

    /** ns per operation of one burst on a freshly filled queue. */
    private static double burst(String workload, String queue, int pending) {
        TimerQueues b = new TimerQueues();
        b.queue = queue;
        b.pending = pending;
        b.setUp();
        Object last = null;
        long start;
        long end;
        if (workload.equals("insertCancel")) {
            TimerQueues.Filled filled = new TimerQueues.Filled();
            filled.fill(b);
            start = System.nanoTime();
            for (int i = 0; i < OPS_PER_BURST; i++) {
                last = b.insertCancel(filled);
            }
            end = System.nanoTime();
        } else {
            TimerQueues.Spread spread = new TimerQueues.Spread();
            spread.fill(b);
            int fired = 0;
            start = System.nanoTime();
            for (int i = 0; i < OPS_PER_BURST; i++) {
                fired += b.insertFire(spread);
            }
            end = System.nanoTime();
            last = fired;
        }
        sink = last;
        return (end - start) / (double) OPS_PER_BURST;
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
