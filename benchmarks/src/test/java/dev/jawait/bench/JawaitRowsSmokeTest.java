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
        SpawnComplete.Local local = new SpawnComplete.Local();
        local.start();
        assertEquals(SpawnComplete.TASKS, b.localExecutor(local));
        assertEquals(SpawnComplete.TASKS, b.localExecutor(local));
        local.stop();
        SpawnComplete.Ws ws = new SpawnComplete.Ws();
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
        SameThreadWake.Local local = new SameThreadWake.Local();
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
        PingPong.Local local = new PingPong.Local();
        local.start();
        assertEquals(PingPong.ROUNDS, b.localExecutor(local));
        local.stop();
        PingPong.Ws ws = new PingPong.Ws();
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
        YieldMany.Local local = new YieldMany.Local();
        local.start();
        assertEquals(YieldMany.TASKS, b.localExecutor(local));
        local.stop();
        YieldMany.Ws ws = new YieldMany.Ws();
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
        Skynet.Local local = new Skynet.Local();
        local.start();
        assertEquals(Skynet.expectedSum(10_000), b.localExecutor(local, tree));
        tree.check();
        local.stop();
        Skynet.Ws ws = new Skynet.Ws();
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
        AwaitChain.Local chainLocal = new AwaitChain.Local();
        chainLocal.start();
        assertEquals(AwaitChain.EXPECTED, chain.localExecutorMachine(chainLocal));
        assertEquals(AwaitChain.EXPECTED, chain.localExecutorAsync(chainLocal));
        chainLocal.stop();

        AwaitReady ready = new AwaitReady();
        AwaitReady.Values values = new AwaitReady.Values();
        assertEquals(AwaitReady.EXPECTED, ready.jawaitAsync(values));
        assertEquals(AwaitReady.EXPECTED, ready.jawaitAsyncIndexed(values));

        PingPong pp = new PingPong();
        PingPong.Local ppLocal = new PingPong.Local();
        ppLocal.start();
        assertEquals(PingPong.ROUNDS, pp.localExecutorAsync(ppLocal));
        ppLocal.stop();
        PingPong.Ws ppWs = new PingPong.Ws();
        ppWs.start();
        try {
            assertEquals(PingPong.ROUNDS, pp.workStealingAsync(ppWs));
        } finally {
            ppWs.stop();
        }

        Skynet sky = new Skynet();
        Skynet.Tree tree = new Skynet.Tree();
        tree.leaves = 10_000;
        Skynet.Local skyLocal = new Skynet.Local();
        skyLocal.start();
        assertEquals(Skynet.expectedSum(10_000), sky.localExecutorAsync(skyLocal, tree));
        tree.check();
        skyLocal.stop();
        Skynet.Ws skyWs = new Skynet.Ws();
        skyWs.start();
        try {
            assertEquals(Skynet.expectedSum(10_000), sky.workStealingAsync(skyWs, tree));
            tree.check();
        } finally {
            skyWs.stop();
        }
    }
}
