package dev.jawait.bench;

import static dev.jawait.bench.WithState.onLocal;
import static dev.jawait.bench.WithState.onWs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The jawait executor rows, run once each outside JMH with their answers checked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JawaitRowsSmokeTest {

    @Test
    void spawnComplete() throws Exception {
        SpawnComplete b = new SpawnComplete();
        onLocal(local -> {
            assertEquals(SpawnComplete.TASKS, b.localExecutor(local));
            assertEquals(SpawnComplete.TASKS, b.localExecutor(local));
        });
        onWs(ws -> assertEquals(SpawnComplete.TASKS, b.workStealing(ws)));
    }

    @Test
    void sameThreadWake() throws Exception {
        SameThreadWake b = new SameThreadWake();
        onLocal(local -> assertEquals(SameThreadWake.ROUNDS + 2, b.localExecutor(local)));
        WithState.run(new SameThreadWake.Ws(), SameThreadWake.Ws::start, SameThreadWake.Ws::stop,
                ws -> assertEquals(SameThreadWake.ROUNDS + 2, b.workStealing(ws)));
    }

    @Test
    void crossThreadWake() throws Exception {
        CrossThreadWake b = new CrossThreadWake();
        WithState.run(new CrossThreadWake.Local(), CrossThreadWake.Local::start, CrossThreadWake.Local::stop,
                local -> {
                    assertEquals(1 + CrossThreadWake.WAKES, b.localExecutor(local));
                    assertEquals(1 + 2 * CrossThreadWake.WAKES, b.localExecutor(local));
                });
        WithState.run(new CrossThreadWake.Ws(), CrossThreadWake.Ws::start, CrossThreadWake.Ws::stop, ws -> {
            assertEquals(1 + CrossThreadWake.WAKES, b.workStealing(ws));
            assertEquals(1 + 2 * CrossThreadWake.WAKES, b.workStealing(ws));
        });
    }

    @Test
    void pingPong() throws Exception {
        PingPong b = new PingPong();
        onLocal(local -> assertEquals(PingPong.ROUNDS, b.localExecutor(local)));
        onWs(ws -> assertEquals(PingPong.ROUNDS, b.workStealing(ws)));
    }

    @Test
    void yieldMany() throws Exception {
        YieldMany b = new YieldMany();
        onLocal(local -> assertEquals(YieldMany.TASKS, b.localExecutor(local)));
        onWs(ws -> assertEquals(YieldMany.TASKS, b.workStealing(ws)));
    }

    @Test
    void skynet() throws Exception {
        Skynet b = new Skynet();
        assertSkynetSums(b::localExecutor, b::workStealing);
        Skynet.Tree tree = new Skynet.Tree();
        tree.leaves = 1000;
        WithState.run(new Skynet.OnPool(), Skynet.OnPool::start, Skynet.OnPool::stop, pool -> {
            assertEquals(499_500, b.executorSpawner(pool, tree));
            tree.check();
        });
    }

    @Test
    void retainedHeap() throws Exception {
        RetainedHeap b = new RetainedHeap();
        RetainedHeapSmoke.assertKeepsAtLeastAHeader("local", new RetainedHeap.Local(), RetainedHeap.Local::prepare,
                RetainedHeap.Local::release, b::localExecutor);
        RetainedHeapSmoke.assertKeepsAtLeastAHeader("ws", new RetainedHeap.Ws(), RetainedHeap.Ws::prepare,
                RetainedHeap.Ws::release, b::workStealing);
    }

    @Test
    void asyncRows() throws Exception {
        AwaitChain chain = new AwaitChain();
        onLocal(local -> {
            assertEquals(AwaitChain.EXPECTED, chain.localExecutorMachine(local));
            assertEquals(AwaitChain.EXPECTED, chain.localExecutorAsync(local));
        });
        onWs(ws -> {
            assertEquals(AwaitChain.EXPECTED, chain.workStealingMachine(ws));
            assertEquals(AwaitChain.EXPECTED, chain.workStealingAsync(ws));
        });

        AwaitReady ready = new AwaitReady();
        AwaitReady.Values values = new AwaitReady.Values();
        assertEquals(AwaitReady.EXPECTED, ready.jawaitAsync(values));
        assertEquals(AwaitReady.EXPECTED, ready.jawaitAsyncIndexed(values));

        PingPong pp = new PingPong();
        onLocal(local -> assertEquals(PingPong.ROUNDS, pp.localExecutorAsync(local)));
        onWs(ws -> assertEquals(PingPong.ROUNDS, pp.workStealingAsync(ws)));
        onLocal(local -> assertEquals(PingPong.ROUNDS, pp.localExecutorChannel(local)));
        onWs(ws -> assertEquals(PingPong.ROUNDS, pp.workStealingChannel(ws)));

        Skynet sky = new Skynet();
        assertSkynetSums(sky::localExecutorAsync, sky::workStealingAsync);
    }

    /** A Skynet row: the sum of the tree's leaves, computed on the executor of {@code state}. */
    @FunctionalInterface
    private interface SkynetRow<S> {
        long sum(S state, Skynet.Tree tree) throws Exception;
    }

    /**
     * Runs a Skynet row on the local executor, then its twin on the work-stealing executor, over one
     * tree of 10,000 leaves; checks each answer and the tree's own check after each.
     */
    private static void assertSkynetSums(SkynetRow<JawaitExecutors.Local> localRow,
            SkynetRow<JawaitExecutors.Ws> wsRow) throws Exception {
        Skynet.Tree tree = new Skynet.Tree();
        tree.leaves = 10_000;
        onLocal(local -> {
            assertEquals(Skynet.expectedSum(10_000), localRow.sum(local, tree));
            tree.check();
        });
        onWs(ws -> {
            assertEquals(Skynet.expectedSum(10_000), wsRow.sum(ws, tree));
            tree.check();
        });
    }
}
