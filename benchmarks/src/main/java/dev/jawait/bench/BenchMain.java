package dev.jawait.bench;

import dev.jawait.bench.support.VirtualThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark jar's entry point: JMH's own command line, except that on a JDK without virtual
 * threads the {@code virtualThreads} rows are excluded with a message instead of failing.
 */
public final class BenchMain {
    private BenchMain() {}

    /** Regular expression of the rows that need virtual threads (JMH {@code -e}). */
    static final String VIRTUAL_THREAD_ROWS = "\\.virtualThreads$";

    /** Runs {@code org.openjdk.jmh.Main} with {@code args}. */
    public static void main(String[] args) throws Exception {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!VirtualThreads.available()) {
            System.err.println("jawait benchmarks: " + VirtualThreads.UNAVAILABLE);
            all.add("-e");
            all.add(VIRTUAL_THREAD_ROWS);
        }
        org.openjdk.jmh.Main.main(all.toArray(new String[0]));
    }
}
