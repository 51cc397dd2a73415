package dev.jawait.bench.report;

import dev.jawait.bench.AwaitChain;
import dev.jawait.bench.AwaitReady;
import dev.jawait.bench.CrossThreadWake;
import dev.jawait.bench.PingPong;
import dev.jawait.bench.SameThreadWake;
import dev.jawait.bench.SpawnComplete;
import dev.jawait.bench.YieldMany;
import dev.jawait.bench.report.Results.Line;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one JMH CSV into the Markdown tables of BENCHMARKS.md: per scenario, every row's score,
 * its allocation (with {@code -prof gc}) and its ratio to each alternative measured in the same
 * run, then the targets of issue 2/3 with the measured value and a verdict. Nothing is typed in by
 * hand, so the document cannot drift from the run.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.jawait.bench.report.Report
 * results.csv}
 */
public final class Report {
    private Report() {}

    /**
     * A scenario: its class name, title, what the number means, which metric is the value
     * ({@code ""} = the time), and how many operations one JMH invocation performs (the benchmarks
     * are sampled per invocation; times and allocations are divided by it here).
     */
    record Scenario(String name, String title, String meaning, String metric, int ops) {}

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("SpawnComplete", "Spawn + complete", "ns per empty task spawned and run", "",
                    SpawnComplete.TASKS),
            new Scenario("SameThreadWake", "Wake + re-poll, same thread", "ns per wake + poll", "",
                    SameThreadWake.WAKES),
            new Scenario("CrossThreadWake", "Wake + re-poll, across threads",
                    "ns from the wake to the re-poll seen by the waker", "", CrossThreadWake.WAKES),
            new Scenario("PingPong", "Ping-pong between two tasks", "ns per round trip", "", PingPong.ROUNDS),
            new Scenario("YieldMany", "Yield-many (200 tasks x 1,000 yields)", "ns per yield", "",
                    YieldMany.TOTAL),
            new Scenario("Skynet", "Skynet (1,111,111 tasks)", "ms per tree", "", 1),
            new Scenario("RetainedHeap", "Retained heap per suspended task (100,000 tasks)",
                    "bytes per task", "bytesPerTask", 1),
            new Scenario("AwaitReady", "Await of an already-complete future", "ns per await", "",
                    AwaitReady.STEPS),
            new Scenario("AwaitChain", "1,000 awaits that really suspend", "ns per suspend + resume", "",
                    AwaitChain.STEPS));

    /** Display names of the rows, in display order; unknown rows follow under their own names. */
    static final Map<String, String> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put("handwritten", "hand-written machine (floor)");
        ROWS.put("handwrittenFuture", "hand-written machine as a Future (int state + switch) on a tiny run queue (baselines.md)");
        ROWS.put("asyncOnTinyRunQueue", "the @Async machine on the same tiny run queue (what the generated code costs over the hand-written Future, without an executor)");
        ROWS.put("handwrittenFlat", "hand-written machine, flat loop (no call per step)");
        ROWS.put("handwrittenContractObjects", "hand-written machine + the objects the contract needs (handle, Poll, boxed Long)");
        ROWS.put("handwrittenSelfTask", "hand-written machine that is its own task, handle and Poll (not the contract today)");
        ROWS.put("minimalTaskIdExecutor", "the same machines as LocalExecutor's row on a minimal task-ID executor (slab, generations, run states, LIFO stack; no budget, abort, fairness, inbox)");
        ROWS.put("completableFuture", "CompletableFuture");
        ROWS.put("completableFutureOneThread", "CompletableFuture on one thread (like for like with LocalExecutor)");
        ROWS.put("virtualThreads", "virtual threads");
        ROWS.put("kotlin", "Kotlin suspend functions");
        ROWS.put("kotlinDefault", "Kotlin suspend functions, Dispatchers.Default");
        ROWS.put("blockOn", "jawait BlockOn (flag)");
        ROWS.put("localExecutor", "jawait LocalExecutor (task ID)");
        ROWS.put("workStealing", "jawait WorkStealingExecutor (refcount)");
        ROWS.put("executorSpawner", "jawait ExecutorSpawner on the CompletableFuture row's kind of pool");
        ROWS.put("localExecutorMachine", "jawait LocalExecutor, machine lowered by hand");
        ROWS.put("localExecutorAsync", "jawait LocalExecutor, @Async");
        ROWS.put("workStealingMachine", "jawait WorkStealingExecutor, machine lowered by hand");
        ROWS.put("workStealingAsync", "jawait WorkStealingExecutor, @Async");
        ROWS.put("localExecutorChannel", "jawait LocalExecutor, @Async over jawait Channels");
        ROWS.put("workStealingChannel", "jawait WorkStealingExecutor, @Async over jawait Channels");
        ROWS.put("jawaitMachine", "jawait machine lowered by hand");
        ROWS.put("jawaitAsync", "jawait @Async, for-each over the array");
        ROWS.put("jawaitAsyncIndexed", "jawait @Async, indexed loop");
    }

    /** The rows every other row is divided by, when the scenario has them. */
    static final List<String> REFERENCES = List.of("handwritten", "handwrittenFuture", "completableFuture", "virtualThreads", "kotlin");

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report results.csv");
            System.exit(2);
        }
        System.out.print(render(Results.read(Path.of(args[0]))));
    }

    /** The Markdown for one run. */
    public static String render(Results results) {
        StringBuilder out = new StringBuilder();
        out.append("Value = the median of JMH's per-invocation samples (SampleTime p0.50), per"
                + " operation: on a shared machine it is robust to the invocations another process"
                + " preempted, which inflate the mean (shown, with JMH's 99.9% error). Ratios divide"
                + " this row's value by the named row's value from the same run: below 1 means faster"
                + " (or smaller). B/op: bytes allocated per operation, all threads, from -prof gc.\n\n");
        for (Scenario scenario : SCENARIOS) {
            table(results, scenario, out);
        }
        out.append("#### Targets\n\n| target | row | measured | met? |\n|---|---|---|---|\n");
        for (Target target : Target.ALL) {
            target.evaluate(results, out);
        }
        return out.toString();
    }

    /**
     * The value of a row: the median sample (SampleTime), else its score, or the per-iteration
     * value of the scenario's counter.
     */
    static Double value(Results results, Scenario scenario, String row) {
        if (scenario.metric().isEmpty()) {
            Line median = results.get(scenario.name(), row, "p0.50");
            Line line = median != null ? median : results.get(scenario.name(), row, "");
            return line == null ? null : line.score() / scenario.ops();
        }
        Line line = results.get(scenario.name(), row, scenario.metric());
        // JMH sums @AuxCounters(EVENTS) over the measurement iterations.
        return line == null ? null : line.score() / line.samples();
    }

    static Scenario scenario(String name) {
        for (Scenario s : SCENARIOS) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static void table(Results results, Scenario scenario, StringBuilder out) {
        List<String> rows = rowsOf(results, scenario.name());
        if (rows.isEmpty()) {
            return;
        }
        boolean alloc = rows.stream().anyMatch(r -> results.get(scenario.name(), r, "gc.alloc.rate.norm") != null);
        List<String> refs = new ArrayList<>();
        for (String ref : REFERENCES) {
            if (rows.contains(ref)) {
                refs.add(ref);
            }
        }
        Line first = results.get(scenario.name(), rows.get(0), "");
        out.append("#### ").append(scenario.title()).append(" — ").append(scenario.meaning());
        if (first != null && !first.params().isEmpty()) {
            out.append(" (").append(first.params()).append(')');
        }
        boolean sampled = results.get(scenario.name(), rows.get(0), "p0.50") != null;
        out.append(sampled ? "\n\n| row | median | mean ± (99.9%) |" : "\n\n| row | value | |");
        if (alloc) {
            out.append(" B/op |");
        }
        for (String ref : refs) {
            out.append(" ÷ ").append(shortName(ref)).append(" |");
        }
        out.append('\n').append("|---".repeat(3 + (alloc ? 1 : 0) + refs.size())).append("|\n");
        for (String row : rows) {
            Double v = value(results, scenario, row);
            Line primary = results.get(scenario.name(), row, "");
            out.append("| ").append(ROWS.getOrDefault(row, row)).append(" | ").append(number(v)).append(" | ")
                    .append(sampled && primary != null
                            ? number(primary.score() / scenario.ops()) + " ± "
                                    + number(primary.error() / scenario.ops())
                            : "")
                    .append(" |");
            if (alloc) {
                Line a = results.get(scenario.name(), row, "gc.alloc.rate.norm");
                out.append(' ').append(a == null ? "" : number(a.score() / scenario.ops())).append(" |");
            }
            for (String ref : refs) {
                Double r = value(results, scenario, ref);
                out.append(' ').append(row.equals(ref) || v == null || r == null ? "" : ratio(v / r)).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
    }

    private static List<String> rowsOf(Results results, String scenario) {
        List<String> found = new ArrayList<>();
        for (Line line : results.all()) {
            if (line.scenario().equals(scenario) && !found.contains(line.row())) {
                found.add(line.row());
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String known : ROWS.keySet()) {
            if (found.remove(known)) {
                ordered.add(known);
            }
        }
        ordered.addAll(found);
        return ordered;
    }

    private static String shortName(String row) {
        switch (row) {
            case "handwritten":
                return "floor";
            case "handwrittenFuture":
                return "HW Future";
            case "completableFuture":
                return "CF";
            case "virtualThreads":
                return "VT";
            case "kotlin":
                return "Kotlin";
            default:
                return row;
        }
    }

    static String number(Double v) {
        if (v == null || v.isNaN()) {
            return "";
        }
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%.0f×" : r >= 1 ? "%.2f×" : "%.3f×", r);
    }
}
