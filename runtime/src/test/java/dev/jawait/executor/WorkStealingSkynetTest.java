package dev.jawait.executor;

import static dev.jawait.executor.WorkStealingTestSupport.terminate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.executor.WorkStealingTestSupport.SumAll;
import dev.jawait.task.JoinHandle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Skynet, small: a complete 10-ary tree of tasks, each spawned from inside its parent, each
 * returning its own ordinal plus the sum its children's handles yield. Nodes are numbered in heap
 * order (node k's children are 10k+1 .. 10k+10), so the n nodes carry the ordinals 0 .. n-1 once
 * each and the root's answer is n(n-1)/2.
 */
class WorkStealingSkynetTest {
    private static final int NODES = 111_111; // 1 + 10 + 100 + 1,000 + 10,000 + 100,000

    /** One node: spawns its children on the first poll, then awaits them in order. */
    private static final class Node implements Future<Long> {
        private final WorkStealingExecutor ex;
        private final long ordinal;
        private SumAll children;

        Node(WorkStealingExecutor ex, long ordinal) {
            this.ex = ex;
            this.ordinal = ordinal;
        }

        @Override
        public Poll<Long> poll(Context cx) {
            if (children == null) {
                long first = 10 * ordinal + 1;
                if (first >= NODES) {
                    return Poll.ready(ordinal);
                }
                List<JoinHandle<Long>> handles = new ArrayList<>(10);
                for (long c = first; c < first + 10 && c < NODES; c++) {
                    handles.add(ex.spawn(new Node(ex, c)));
                }
                children = new SumAll(handles);
            }
            Poll<Long> sum = children.poll(cx);
            return sum.isReady() ? Poll.ready(ordinal + sum.get()) : Poll.pending();
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 4})
    @Timeout(60)
    void sumsEveryOrdinalOnce(int workers) {
        long n = NODES;
        long expected = n * (n - 1) / 2;
        WorkStealingExecutor ex = WorkStealingExecutor.create(workers);
        assertEquals(expected, ex.blockOn(new Node(ex, 0)));
        assertEquals(0, ex.liveTaskCount());
        terminate(ex);
    }

    @Test
    @Timeout(60)
    void repeatedRunsReuseTaskObjects() {
        WorkStealingExecutor ex = WorkStealingExecutor.create(2);
        long n = NODES;
        for (int run = 0; run < 3; run++) {
            assertEquals(n * (n - 1) / 2, ex.blockOn(new Node(ex, 0)));
        }
        // Three runs of 111,112 tasks each; objects come back after each run.
        long allocated = ex.allocatedTaskObjects();
        org.junit.jupiter.api.Assertions.assertTrue(allocated <= 2 * (n + 1), "allocated " + allocated);
        terminate(ex);
    }
}
