package dev.jawait.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.events.TestSupport.ManualTask;
import dev.jawait.executor.LocalExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WatchTest {

    @Test
    void aReceiverWaitsForTheNextValueAndSkipsToTheNewest() {
        Watch<String> watch = Watch.of("v0");
        Watch.Receiver<String> rx = watch.subscribe();
        assertFalse(rx.hasChanged());
        assertEquals("v0", rx.borrow());

        ManualTask<String> waiting = new ManualTask<>(rx.changed());
        assertFalse(waiting.poll(), "nothing newer than what it has seen");
        watch.send("v1");
        watch.send("v2");
        assertTrue(waiting.woken());
        assertTrue(waiting.poll());
        assertEquals("v2", waiting.value(), "the newest, not the one it missed");
        assertFalse(rx.hasChanged(), "marked seen");
        assertFalse(new ManualTask<>(rx.changed()).poll(), "one completion per change");
    }

    @Test
    void aValueSentBeforeTheFutureIsPolledCompletesItAtOnce() {
        Watch<Integer> watch = Watch.of(0);
        Watch.Receiver<Integer> rx = watch.subscribe();
        Future<Integer> changed = rx.changed();
        watch.send(1);
        ManualTask<Integer> task = new ManualTask<>(changed);
        assertTrue(task.poll());
        assertEquals(1, task.value());
    }

    @Test
    void everyWaitingReceiverIsWokenByOneSend() {
        Watch<Integer> watch = Watch.of(0);
        List<ManualTask<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ManualTask<Integer> task = new ManualTask<>(watch.subscribe().changed());
            assertFalse(task.poll());
            waiting.add(task);
        }
        watch.send(9);
        for (ManualTask<Integer> task : waiting) {
            assertTrue(task.woken());
            assertTrue(task.poll());
            assertEquals(9, task.value());
        }
    }

    @Test
    void closeDeliversTheUnseenValueFirstThenFailsAndRefusesSends() {
        Watch<String> watch = Watch.of("a");
        Watch.Receiver<String> behind = watch.subscribe();
        Watch.Receiver<String> waitingRx = watch.subscribe();
        ManualTask<String> waiting = new ManualTask<>(waitingRx.changed());
        assertFalse(waiting.poll());
        watch.send("b");
        assertTrue(waiting.poll());
        ManualTask<String> waitingAgain = new ManualTask<>(waitingRx.changed());
        assertFalse(waitingAgain.poll());

        watch.close();
        assertTrue(waitingAgain.woken());
        assertInstanceOf(ChannelClosedException.class, waitingAgain.pollFailure());
        ManualTask<String> last = new ManualTask<>(behind.changed());
        assertTrue(last.poll());
        assertEquals("b", last.value(), "sent before the close, not yet seen by this receiver");
        assertInstanceOf(ChannelClosedException.class, new ManualTask<>(behind.changed()).pollFailure());
        assertThrows(ChannelClosedException.class, () -> watch.send("c"));
        assertEquals("b", watch.get());
    }

    @Test
    void aCancelledChangedLeavesNoWaiterBehind() {
        Watch<Integer> watch = Watch.of(0);
        ManualTask<Integer> task = new ManualTask<>(watch.subscribe().changed());
        assertFalse(task.poll());
        task.cancel();
        assertEquals(1, task.waker.drops.get(), "its waker is released");
        watch.send(1);
        assertFalse(task.woken());
    }

    @Test
    void updatesFromManyThreadsAreAtomic() throws Exception {
        Watch<Integer> watch = Watch.of(0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    watch.update(x -> x + 1);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(8_000, watch.get());
    }

    @Test
    void aTaskFollowingASenderThreadSeesOnlyNewerValuesAndTheLast() throws Exception {
        int last = 50_000;
        Watch<Integer> watch = Watch.of(0);
        Watch.Receiver<Integer> rx = watch.subscribe();
        Thread sender = new Thread(() -> {
            for (int i = 1; i <= last; i++) {
                watch.send(i);
            }
        }, "sender");
        sender.start();
        List<Integer> seen = LocalExecutor.create().blockOn(new FollowUntil(rx, last));
        sender.join();
        assertEquals(last, seen.get(seen.size() - 1));
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "went back from " + seen.get(i - 1) + " to " + seen.get(i));
        }
    }

    /** Awaits changes until the value reaches {@code last}; completes with every value it saw. */
    private static final class FollowUntil implements Future<List<Integer>> {
        private final Watch.Receiver<Integer> rx;
        private final int last;
        private final List<Integer> seen = new ArrayList<>();
        private Future<Integer> changed;

        FollowUntil(Watch.Receiver<Integer> rx, int last) {
            this.rx = rx;
            this.last = last;
        }

        @Override
        public Poll<List<Integer>> poll(Context cx) {
            for (;;) {
                if (changed == null) {
                    changed = rx.changed();
                }
                Poll<Integer> p = changed.poll(cx);
                if (p.isPending()) {
                    return Poll.pending();
                }
                changed = null;
                seen.add(p.get());
                if (p.get() == last) {
                    return Poll.ready(seen);
                }
            }
        }
    }
}
