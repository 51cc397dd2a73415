package dev.jawait.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.bench.support.VirtualThreads;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every benchmark body once, outside JMH, the way JMH would (setup, body, teardown), and
 * checks its answer. Times nothing: a row that computes a wrong answer or hangs must fail the build
 * instead of producing a number. Virtual-thread rows run where the JDK has them; on JDK 17 the test
 * checks that they refuse with the skip message instead.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScenarioSmokeTest {

    @Test
    void spawnComplete() throws Exception {
        SpawnComplete b = new SpawnComplete();
        SpawnComplete.Floor floor = new SpawnComplete.Floor();
        b.handwritten(floor);
        assertEquals(SpawnComplete.TASKS, floor.completed);
        floor.check();

        WithState.run(new SpawnComplete.Cf(), SpawnComplete.Cf::start, SpawnComplete.Cf::stop, b::completableFuture);
        b.blockOn();
    }

    @Test
    void sameThreadWake() {
        SameThreadWake b = new SameThreadWake();
        assertEquals(SameThreadWake.ROUNDS, b.handwritten(new SameThreadWake.Floor()));

        SameThreadWake.Cf cf = new SameThreadWake.Cf();
        assertEquals(SameThreadWake.WAKES, b.completableFuture(cf));
        assertEquals(SameThreadWake.WAKES, b.completableFuture(cf));
        assertEquals(2 * SameThreadWake.WAKES, cf.runs);
    }

    @Test
    void crossThreadWake() throws Exception {
        CrossThreadWake b = new CrossThreadWake();
        WithState.run(new CrossThreadWake.Floor(), CrossThreadWake.Floor::start, CrossThreadWake.Floor::stop, floor -> {
            assertEquals(CrossThreadWake.WAKES, b.handwritten(floor));
            assertEquals(2 * CrossThreadWake.WAKES, b.handwritten(floor));
        });
        WithState.run(new CrossThreadWake.Cf(), CrossThreadWake.Cf::start, CrossThreadWake.Cf::stop, cf -> {
            assertEquals(CrossThreadWake.WAKES, b.completableFuture(cf));
            assertEquals(2 * CrossThreadWake.WAKES, b.completableFuture(cf));
        });
        WithState.run(new CrossThreadWake.Flag(), CrossThreadWake.Flag::start, CrossThreadWake.Flag::stop, flag -> {
            // the first poll registered the waker; each wake adds one
            assertEquals(1 + CrossThreadWake.WAKES, b.blockOn(flag));
            assertEquals(1 + 2 * CrossThreadWake.WAKES, b.blockOn(flag));
        });
    }

    @Test
    void pingPong() throws Exception {
        PingPong b = new PingPong();
        assertEquals(PingPong.ROUNDS, b.handwritten(new PingPong.Floor()));
        WithState.run(new PingPong.Cf(), PingPong.Cf::start, PingPong.Cf::stop,
                cf -> assertEquals(PingPong.ROUNDS, b.completableFuture(cf)));
    }

    @Test
    void yieldMany() throws Exception {
        YieldMany b = new YieldMany();
        assertEquals(YieldMany.TASKS, b.handwritten(new YieldMany.Floor()));
        WithState.run(new YieldMany.Cf(), YieldMany.Cf::start, YieldMany.Cf::stop,
                cf -> assertEquals(YieldMany.TASKS, b.completableFuture(cf)));
        b.blockOn();
    }

    @Test
    void skynetAnswersTheSumOfItsLeaves() throws Exception {
        assertEquals(1_111_111, Skynet.tasks(1_000_000));
        assertEquals(-1, Skynet.tasks(999));
        assertEquals(499_999_500_000L, Skynet.expectedSum(1_000_000));

        Skynet b = new Skynet();
        Skynet.Tree tree = new Skynet.Tree();
        tree.leaves = 1000;
        tree.validate();
        assertEquals(499_500, b.handwritten(new Skynet.Floor(), tree));
        tree.check();
        assertEquals(499_500, b.handwrittenContractObjects(new Skynet.Floor(), tree));
        tree.check();
        assertEquals(499_500, b.handwrittenSelfTask(new Skynet.Floor(), tree));
        tree.check();
        Skynet.Minimal minimal = new Skynet.Minimal();
        assertEquals(499_500, b.minimalTaskIdExecutor(minimal, tree));
        tree.check();
        assertEquals(499_500, b.minimalTaskIdExecutor(minimal, tree), "the executor is reusable");
        tree.check();
        Skynet.Tiny tiny = new Skynet.Tiny();
        assertEquals(499_500, b.handwrittenFuture(tiny, tree));
        tree.check();
        assertEquals(499_500, b.handwrittenFuture(tiny, tree), "the run queue is reusable");
        tree.check();
        assertEquals(499_500, b.asyncOnTinyRunQueue(tiny, tree));
        tree.check();

        WithState.run(new Skynet.Cf(), Skynet.Cf::start, Skynet.Cf::stop, cf -> {
            assertEquals(499_500, b.completableFuture(cf, tree));
            tree.check();
        });
        WithState.run(new Skynet.CfOneThread(), Skynet.Cf::start, Skynet.Cf::stop, cf -> {
            assertEquals(499_500, b.completableFutureOneThread(cf, tree));
            tree.check();
            assertEquals(1, cf.pool.getParallelism(), "one thread");
        });
    }

    @Test
    void skynetCheckRejectsAWrongSum() {
        Skynet.Tree tree = new Skynet.Tree();
        tree.leaves = 100;
        tree.lastSum = 4949;
        assertThrows(IllegalStateException.class, tree::check);
    }

    @Test
    void retainedHeapCountsWhatSuspendedTasksKeep() throws Exception {
        RetainedHeap b = new RetainedHeap();
        RetainedHeapSmoke.assertKeepsAtLeastAHeader("floor", new RetainedHeap.Floor(), RetainedHeap.Floor::prepare,
                RetainedHeap.Floor::release, b::handwritten);
        RetainedHeapSmoke.assertKeepsAtLeastAHeader("cf", new RetainedHeap.Cf(), RetainedHeap.Cf::prepare,
                RetainedHeap.Cf::release, b::completableFuture);
    }

    @Test
    void awaitChain() throws Exception {
        AwaitChain b = new AwaitChain();
        assertEquals(AwaitChain.EXPECTED, b.handwritten(new AwaitChain.Floor()));
        assertEquals(AwaitChain.EXPECTED, b.handwrittenFlat(new AwaitChain.Floor()));
        WithState.run(new AwaitChain.Cf(), AwaitChain.Cf::start, AwaitChain.Cf::stop,
                cf -> assertEquals(AwaitChain.EXPECTED, b.completableFuture(cf)));
        assertEquals(AwaitChain.EXPECTED, b.kotlin());
        assertEquals(AwaitChain.EXPECTED, b.kotlinDefault());
    }

    @Test
    void awaitReady() {
        AwaitReady b = new AwaitReady();
        AwaitReady.Values values = new AwaitReady.Values();
        assertEquals(AwaitReady.EXPECTED, b.handwritten(values));
        assertEquals(AwaitReady.EXPECTED, b.completableFuture(values));
        assertEquals(AwaitReady.EXPECTED, b.kotlin());
        assertEquals(AwaitReady.EXPECTED, b.jawaitMachine(values));
    }

    @Test
    void virtualThreadRowsRunOrRefuseWithTheSkipMessage() throws Exception {
        if (!VirtualThreads.available()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> new Skynet.Vt().start());
            assertTrue(e.getMessage().contains("virtual threads need Java 21+"), e.getMessage());
            return;
        }
        SpawnComplete.Vt spawn = new SpawnComplete.Vt();
        spawn.start();
        new SpawnComplete().virtualThreads(spawn);

        WithState.run(new CrossThreadWake.Vt(), CrossThreadWake.Vt::start, CrossThreadWake.Vt::stop,
                wake -> assertEquals(CrossThreadWake.WAKES, new CrossThreadWake().virtualThreads(wake)));

        PingPong.Vt pp = new PingPong.Vt();
        pp.start();
        assertEquals(PingPong.ROUNDS, new PingPong().virtualThreads(pp));

        YieldMany.Vt y = new YieldMany.Vt();
        y.start();
        new YieldMany().virtualThreads(y);

        Skynet.Tree tree = new Skynet.Tree();
        tree.leaves = 1000;
        Skynet.Vt sky = new Skynet.Vt();
        sky.start();
        assertEquals(499_500, new Skynet().virtualThreads(sky, tree));
        tree.check();
    }
}
