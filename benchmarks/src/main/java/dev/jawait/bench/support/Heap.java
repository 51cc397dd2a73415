package dev.jawait.bench.support;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Live heap measured the JOL-free way: full collections until the reading stops moving, then the
 * old generation's occupancy. A full collection moves every live object there, while the young
 * generation's reading includes whole thread-local allocation buffers handed out after the
 * collection (megabytes, varying run to run), so the total heap reading is too noisy to divide by
 * 100,000. Exact with the serial collector, which {@code RetainedHeap} forks with.
 */
public final class Heap {
    private Heap() {}

    private static final MemoryPoolMXBean OLD = oldGeneration();

    private static MemoryPoolMXBean oldGeneration() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && (name.contains("Tenured") || name.contains("Old Gen"))) {
                return pool;
            }
        }
        throw new IllegalStateException("no old-generation heap pool: run with -XX:+UseSerialGC");
    }

    /** Bytes live in the old generation after full collections have settled (within 64 bytes). */
    public static long usedAfterGc() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            System.gc();
            long used = OLD.getUsage().getUsed();
            if (Math.abs(previous - used) < 64) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
