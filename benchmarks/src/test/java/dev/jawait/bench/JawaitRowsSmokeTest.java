package dev.jawait.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The jawait executor rows, run once each outside JMH with their answers checked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JawaitRowsSmokeTest {

    @Test
    void spawnComplete() throws Exception {
        SpawnComplete b = new SpawnComplete();
        JawaitExecutors.Local local = new JawaitExecutors.Local();
        local.start();
        assertEquals(SpawnComplete.TASKS, b.localExecutor(local));
        assertEquals(SpawnComplete.TASKS, b.localExecutor(local));
        local.stop();
        JawaitExecutors.Ws ws = new JawaitExecutors.Ws();
        ws.start();
        try {
            assertEquals(SpawnComplete.TASKS, b.workStealing(ws));
        } finally {
            ws.stop();
        }
    }

    @Test
    void sameThreadWake() throws Exception {
        SameThreadWake b = new SameThreadWake();
        JawaitExecutors.Local local = new JawaitExecutors.Local();
        local.start();
        assertEquals(SameThreadWake.ROUNDS + 2, b.localExecutor(local));
        local.stop();
        SameThreadWake.Ws ws = new SameThreadWake.Ws();
        ws.start();
        try {
            assertEquals(SameThreadWake.ROUNDS + 2, b.workStealing(ws));
        } finally {
            ws.stop();
        }
    }

    @Test
    void crossThreadWake() {
        CrossThreadWake b = new CrossThreadWake();
        CrossThreadWake.Local local = new CrossThreadWake.Local();
        local.start();
        try {
            assertEquals(1 + CrossThreadWake.WAKES, b.localExecutor(local));
            assertEquals(1 + 2 * CrossThreadWake.WAKES, b.localExecutor(local));
        } finally {
            local.stop();
        }
        CrossThreadWake.Ws ws = new CrossThreadWake.Ws();
        ws.start();
        try {
            assertEquals(1 + CrossThreadWake.WAKES, b.workStealing(ws));
            assertEquals(1 + 2 * CrossThreadWake.WAKES, b.workStealing(ws));
        } finally {
            ws.stop();
        }
    }

    @Test
    void pingPong() throws Exception {
        PingPong b = new PingPong();
        JawaitExecutors.Local local = new JawaitExecutors.Local();
        local.start();
        assertEquals(PingPong.ROUNDS, b.localExecutor(local));
        local.stop();
        JawaitExecutors.Ws ws = new JawaitExecutors.Ws();
        ws.start();
        try {
            assertEquals(PingPong.ROUNDS, b.workStealing(ws));
        } finally {
            ws.stop();
        }
    }

    @Test
    void yieldMany() throws Exception {
        YieldMany b = new YieldMany();
        JawaitExecutors.Local local = new JawaitExecutors.Local();
        local.start();
        assertEquals(YieldMany.TASKS, b.localExecutor(local));
        local.stop();
        JawaitExecutors.Ws ws = new JawaitExecutors.Ws();
        ws.start();
        try {
            assertEquals(YieldMany.TASKS, b.workStealing(ws));
        } finally {
            ws.stop();
        }
    }

    @Test
    void skynet() throws Exception {
        Skynet b = new Skynet();
        Skynet.Tree tree = new Skynet.Tree();
        tree.leaves = 10_000;
        JawaitExecutors.Local local = new JawaitExecutors.Local();
        local.start();
        assertEquals(Skynet.expectedSum(10_000), b.localExecutor(local, tree));
        tree.check();
        local.stop();
        JawaitExecutors.Ws ws = new JawaitExecutors.Ws();
        ws.start();
        try {
            assertEquals(Skynet.expectedSum(10_000), b.workStealing(ws, tree));
            tree.check();
        } finally {
            ws.stop();
        }
    }

    @Test
    void retainedHeap() throws Exception {
        RetainedHeap b = new RetainedHeap();
        RetainedHeap.Size size = new RetainedHeap.Size();
        size.tasks = 10_000;
        RetainedHeap.Result result = new RetainedHeap.Result();

        RetainedHeap.Local local = new RetainedHeap.Local();
        local.prepare(size);
        b.localExecutor(local, size, result);
        local.release();
        assertTrue(result.bytesPerTask >= 16, "local: " + result.bytesPerTask);

        RetainedHeap.Ws ws = new RetainedHeap.Ws();
        ws.prepare(size);
        b.workStealing(ws, size, result);
        ws.release();
        assertTrue(result.bytesPerTask >= 16, "ws: " + result.bytesPerTask);
    }

    @Test
    void asyncRows() throws Exception {
        AwaitChain chain = new AwaitChain();
        JawaitExecutors.Local chainLocal = new JawaitExecutors.Local();
        chainLocal.start();
        assertEquals(AwaitChain.EXPECTED, chain.localExecutorMachine(chainLocal));
        assertEquals(AwaitChain.EXPECTED, chain.localExecutorAsync(chainLocal));
        chainLocal.stop();
        JawaitExecutors.Ws chainWs = new JawaitExecutors.Ws();
        chainWs.start();
        try {
            assertEquals(AwaitChain.EXPECTED, chain.workStealingMachine(chainWs));
            assertEquals(AwaitChain.EXPECTED, chain.workStealingAsync(chainWs));
        } finally {
            chainWs.stop();
        }

        AwaitReady ready = new AwaitReady();
        AwaitReady.Values values = new AwaitReady.Values();
        assertEquals(AwaitReady.EXPECTED, ready.jawaitAsync(values));
        assertEquals(AwaitReady.EXPECTED, ready.jawaitAsyncIndexed(values));

        PingPong pp = new PingPong();
        JawaitExecutors.Local ppLocal = new JawaitExecutors.Local();
        ppLocal.start();
        assertEquals(PingPong.ROUNDS, pp.localExecutorAsync(ppLocal));
        ppLocal.stop();
        JawaitExecutors.Ws ppWs = new JawaitExecutors.Ws();
        ppWs.start();
        try {
            assertEquals(PingPong.ROUNDS, pp.workStealingAsync(ppWs));
        } finally {
            ppWs.stop();
        }

        Skynet sky = new Skynet();
        Skynet.Tree tree = new Skynet.Tree();
        tree.leaves = 10_000;
        JawaitExecutors.Local skyLocal = new JawaitExecutors.Local();
        skyLocal.start();
        assertEquals(Skynet.expectedSum(10_000), sky.localExecutorAsync(skyLocal, tree));
        tree.check();
        skyLocal.stop();
        JawaitExecutors.Ws skyWs = new JawaitExecutors.Ws();
        skyWs.start();
        try {
            assertEquals(Skynet.expectedSum(10_000), sky.workStealingAsync(skyWs, tree));
            tree.check();
        } finally {
            skyWs.stop();
        }
    }
}
