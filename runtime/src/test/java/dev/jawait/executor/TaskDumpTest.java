package dev.jawait.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Future;
import dev.jawait.Futures;
import dev.jawait.channel.Channel;
import dev.jawait.combinator.Combinators;
import dev.jawait.sync.Mutex;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.TaskInfo;
import dev.jawait.time.Timer;
import dev.jawait.time.VirtualTimer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code dumpTasks()} of both executors, and the {@code toString()}s of the runtime's futures it prints. */
class TaskDumpTest {

    @Test
    @Timeout(10)
    void localExecutorDumpListsEveryLiveTaskWithWhatItWaitsFor() {
        VirtualTimer timer = Timer.virtual();
        Channel<Integer> channel = Channel.bounded(4);
        LocalExecutor exec = LocalExecutor.create();
        try {
            JoinHandle<Void> sleeper = exec.spawn(timer.sleep(Duration.ofMillis(1500)));
            exec.spawn(channel.receive());
            exec.spawn(sleeper);
            exec.spawn(Combinators.<Object>select(List.of(timer.sleep(Duration.ofSeconds(2)), channel.receive())));
            exec.blockOn(Futures.yieldNow()); // every task is polled once and suspends
            exec.spawn(Future.ready("later")); // spawned, not polled yet

            List<String> lines = exec.dumpTasks().lines().toList();
            assertEquals(List.of(
                    "LocalExecutor[tasks=5]",
                    "  #0.0 suspended  sleep until +1.5s (in 1.5s)",
                    "  #1.0 suspended  Channel.receive() on Channel[size=0, capacity=4, waitingSenders=0,"
                            + " waitingReceivers=2]",
                    "  #2.0 suspended  JoinHandle[task #0.0, running]",
                    "  #3.0 suspended  select(sleep until +2s (in 2s), Channel.receive() on Channel[size=0,"
                            + " capacity=4, waitingSenders=0, waitingReceivers=2])",
                    // slot 4 held blockOn's yieldNow (generation 0): this is its next occupant
                    "  #4.1 scheduled  Future.ready(later)"),
                    lines);

            timer.advance(Duration.ofMillis(500));
            List<TaskInfo> tasks = exec.tasks();
            assertEquals("sleep until +1.5s (in 1s)", tasks.get(0).future());
            assertEquals(TaskInfo.State.SUSPENDED, tasks.get(0).state());
            assertEquals(TaskInfo.State.SCHEDULED, tasks.get(4).state());
        } finally {
            exec.close();
        }
    }

    @Test
    @Timeout(10)
    void aTaskSeesItselfRunningAndSlotsKeepTheirGeneration() {
        LocalExecutor exec = LocalExecutor.create();
        try {
            exec.blockOn(Future.ready(1)); // slot 0 used once: its next occupant is generation 1
            Mutex<String> mutex = new Mutex<>("x");
            Mutex.Guard<String> held = exec.blockOn(mutex.lock());
            exec.spawn(mutex.lock());
            CompletableFuture<String> seen = new CompletableFuture<>();
            exec.blockOn(new Future<Void>() {
                @Override
                public dev.jawait.Poll<Void> poll(dev.jawait.Context cx) {
                    seen.complete(exec.dumpTasks());
                    return dev.jawait.Poll.ready(null);
                }

                @Override
                public String toString() {
                    return "dumper";
                }
            });
            assertEquals(List.of(
                    "LocalExecutor[tasks=2]",
                    "  #0.2 suspended  Mutex.lock() on Mutex[locked, queued=1]",
                    "  #1.0 running  dumper"), seen.join().lines().toList());
            held.close();
        } finally {
            exec.close();
        }
    }

    @Test
    @Timeout(10)
    void dumpFromAnotherThreadReadsTheTasksOnTheExecutorThread() throws Exception {
        Channel<Integer> channel = Channel.unbounded();
        LocalExecutor exec = LocalExecutor.startOnNewThread("dump-test");
        try {
            exec.spawn(channel.receive());
            // The probe task is queued behind the receive, so the receive has suspended by then.
            List<String> lines = exec.dumpTasks().lines().toList();
            assertEquals(List.of(
                    "LocalExecutor[tasks=1, thread=dump-test]",
                    "  #0.0 suspended  Channel.receive() on Channel[size=0, waitingSenders=0,"
                            + " waitingReceivers=1]"), lines);
            channel.trySend(7);
        } finally {
            exec.close();
        }
    }

    @Test
    @Timeout(10)
    void workStealingDumpListsSuspendedTasks() throws Exception {
        VirtualTimer timer = Timer.virtual();
        Channel<Integer> channel = Channel.unbounded();
        WorkStealingExecutor exec = WorkStealingExecutor.create(2);
        try {
            JoinHandle<Void> sleeper = exec.spawn(timer.sleep(Duration.ofMillis(1500)));
            JoinHandle<Integer> receiver = exec.spawn(channel.receive());
            JoinHandle<Void> joiner = exec.spawn(sleeper);
            String sleeperId = idOf(sleeper);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            List<TaskInfo> tasks;
            do {
                Thread.sleep(5);
                tasks = exec.tasks();
            } while ((channel.waitingReceivers() == 0 || tasks.size() != 3
                    || tasks.stream().anyMatch(t -> t.state() != TaskInfo.State.SUSPENDED))
                    && System.nanoTime() < deadline);
            List<String> described = tasks.stream().map(TaskInfo::future).sorted().toList();
            assertEquals(List.of(
                    "Channel.receive() on Channel[size=0, waitingSenders=0, waitingReceivers=1]",
                    "JoinHandle[task " + sleeperId + ", running]",
                    "sleep until +1.5s (in 1.5s)"), described);
            assertTrue(exec.dumpTasks().startsWith("WorkStealingExecutor[workers=2, live=3]\n  #"),
                    exec.dumpTasks());
            assertTrue(tasks.stream().anyMatch(t -> t.id().equals(sleeperId)), tasks::toString);
            channel.trySend(1);
            timer.advance(Duration.ofSeconds(2));
            assertEquals(1, dev.jawait.Await.blockOn(receiver));
            dev.jawait.Await.blockOn(joiner);
            assertEquals(List.of(), exec.tasks());
        } finally {
            exec.close();
        }
    }

    /** The task id inside a join handle's {@code toString()}: {@code JoinHandle[task #id, ...]}. */
    private static String idOf(JoinHandle<?> handle) {
        String s = handle.toString();
        return s.substring("JoinHandle[task ".length(), s.indexOf(','));
    }
}
