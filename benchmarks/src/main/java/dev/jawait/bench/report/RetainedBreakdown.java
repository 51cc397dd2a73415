package dev.jawait.bench.report;

import dev.jawait.Waker;
import dev.jawait.bench.RetainedHeap;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * Explains the {@code RetainedHeap} numbers: suspends 100,000 {@link Parked} tasks on one jawait
 * executor, then prints the head of the live-object class histogram (what {@code jmap -histo:live}
 * shows), i.e. which objects each suspended task keeps and their exact sizes on this JVM.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.jawait.bench.report.RetainedBreakdown local|ws}
 */
public final class RetainedBreakdown {
    private RetainedBreakdown() {}

    private static final int TASKS = 100_000;

    public static void main(String[] args) throws Exception {
        String which = args.length == 1 ? args[0] : "";
        Waker[] registry = new Waker[TASKS];
        AutoCloseable executor;
        if (which.equals("local")) {
            LocalExecutor local = LocalExecutor.create();
            // Returns once every task has suspended (blockOn alone would leave tasks queued behind it).
            local.blockOn(new RetainedHeap.SpawnParked(local, registry));
            executor = local;
        } else if (which.equals("ws")) {
            WorkStealingExecutor ws = WorkStealingExecutor.create(2);
            ws.blockOn(new RetainedHeap.SpawnParked(ws, registry));
            executor = ws;
        } else {
            System.err.println("usage: RetainedBreakdown local|ws");
            System.exit(2);
            return;
        }
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        System.out.println(TASKS + " tasks suspended on " + which + "; live objects:");
        histogram.lines().limit(12).forEach(System.out::println);
        executor.close();
    }
}
