package dev.jawait.combinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.channel.Oneshot;
import dev.jawait.events.TestSupport;
import dev.jawait.events.TestSupport.ManualTask;
import dev.jawait.events.TestSupport.Probe;
import dev.jawait.time.RealTimer;
import dev.jawait.time.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CombinatorsTest {

    private static List<Probe<Integer>> probes(int n) {
        List<Probe<Integer>> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Probe<>("p" + i));
        }
        return list;
    }

    private static void later(long millis, Runnable action) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            action.run();
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void joinWaitsForBothValuesCompletedOnOtherThreads() {
        Oneshot<String> a = Oneshot.create();
        Oneshot<Integer> b = Oneshot.create();
        later(30, () -> a.sender().send("a"));
        later(10, () -> b.sender().send(2));
        assertEquals(new Pair<>("a", 2), Await.blockOn(Combinators.join(a.receiver(), b.receiver())));
    }

    @Test
    void joinFailureIsRethrownUnwrappedAndCancelsTheOther() {
        Probe<String> slow = new Probe<>("slow");
        IOException boom = new IOException("boom");
        Future<Pair<String, Object>> both = Combinators.join(slow, Future.failed(boom));
        IOException thrown = assertThrows(IOException.class, () -> Await.blockOn(both));
        assertSame(boom, thrown);
        assertEquals(1, slow.cancels.get());
    }

    @Test
    void joinAllKeepsInputOrderWhateverTheCompletionOrder() {
        List<Oneshot<Integer>> chans = new ArrayList<>();
        List<Future<Integer>> rx = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Oneshot<Integer> c = Oneshot.create();
            chans.add(c);
            rx.add(c.receiver());
        }
        later(10, () -> {
            for (int i = 4; i >= 0; i--) {
                chans.get(i).sender().send(i * 10);
            }
        });
        assertEquals(List.of(0, 10, 20, 30, 40), Await.blockOn(Combinators.joinAll(rx)));
        assertEquals(List.of(), Await.blockOn(Combinators.joinAll(List.<Future<Integer>>of())));
    }

    @Test
    void joinAllFailsFastAndCancelsOnlyTheUnfinished() {
        List<Probe<Integer>> ps = probes(5);
        ManualTask<List<Integer>> all = new ManualTask<>(Combinators.joinAll(ps));
        assertFalse(all.poll());
        ps.get(0).complete(0);
        assertFalse(all.poll());
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        ps.get(2).fail(boom);
        assertTrue(all.poll());
        assertSame(boom, all.failure());
        assertEquals(0, ps.get(0).cancels.get(), "a finished child is not cancelled");
        assertEquals(0, ps.get(2).cancels.get(), "the failed child is not cancelled");
        for (int i : new int[] {1, 3, 4}) {
            assertEquals(1, ps.get(i).cancels.get(), "p" + i + " cancelled exactly once");
        }
        assertInstanceOf(IllegalStateException.class, all.pollFailure(), "polled after completion");
    }

    @Test
    void raceReturnsTheFirstAndCancelsEveryLoser() {
        List<Probe<Integer>> ps = probes(3);
        later(20, () -> ps.get(1).complete(11));
        assertEquals(11, Await.blockOn(Combinators.race(ps)));
        assertArrayEquals(new int[] {1, 0, 1},
                ps.stream().mapToInt(p -> p.cancels.get()).toArray(), "losers (and only they) cancelled");
    }

    @Test
    void raceBetweenRealTimersRemovesTheLosersTimer() {
        try (RealTimer timer = Timer.create()) {
            Future<String> fast = Combinators.map(timer.sleep(Duration.ofMillis(10)), v -> "fast");
            Future<String> slow = Combinators.map(timer.sleep(Duration.ofHours(1)), v -> "slow");
            assertEquals("fast", Await.blockOn(Combinators.race(fast, slow)));
            assertEquals(0, timer.pendingTimers(), "the losing sleep was cancelled and its entry removed");
        }
    }

    @Test
    void selectTellsWhichWonAndAFailingWinnerFailsTheRace() {
        List<Probe<Integer>> ps = probes(3);
        ManualTask<Selected<Integer>> sel = new ManualTask<>(Combinators.select(ps));
        assertFalse(sel.poll());
        ps.get(2).complete(7);
        assertTrue(sel.poll());
        assertEquals(new Selected<>(2, 7), sel.value());

        List<Probe<Integer>> qs = probes(2);
        ManualTask<Integer> race = new ManualTask<>(Combinators.race(qs));
        assertFalse(race.poll());
        IllegalStateException boom = new IllegalStateException("first to settle");
        qs.get(0).fail(boom);
        assertTrue(race.poll());
        assertSame(boom, race.failure());
        assertEquals(1, qs.get(1).cancels.get());
        assertThrows(IllegalArgumentException.class, () -> Combinators.race(List.<Future<Integer>>of()));
    }

    @Test
    void anyReturnsTheFirstSuccessIgnoringEarlierFailures() {
        List<Probe<Integer>> ps = probes(3);
        ManualTask<Integer> any = new ManualTask<>(Combinators.any(ps));
        assertFalse(any.poll());
        ps.get(0).fail(new RuntimeException("no"));
        assertFalse(any.poll(), "a failure does not end any()");
        ps.get(1).complete(5);
        assertTrue(any.poll());
        assertEquals(5, any.value());
        assertEquals(1, ps.get(2).cancels.get());
    }

    @Test
    void anyFailsWithEveryFailureWhenAllFail() {
        RuntimeException e0 = new RuntimeException("e0");
        RuntimeException e1 = new RuntimeException("e1");
        RuntimeException e2 = new RuntimeException("e2");
        List<Probe<Integer>> ps = probes(3);
        ManualTask<Integer> any = new ManualTask<>(Combinators.any(ps));
        assertFalse(any.poll());
        ps.get(1).fail(e1);
        ps.get(0).fail(e0);
        ps.get(2).fail(e2);
        assertTrue(any.poll());
        AllFailedException all = assertInstanceOf(AllFailedException.class, any.failure());
        assertSame(e1, all.getCause(), "the first failure in completion order is the cause");
        assertEquals(List.of(e0, e2), List.of(all.getSuppressed()), "the others are suppressed");
        assertEquals(List.of(e1, e0, e2), all.failures());
    }

    @Test
    void onlyTheWokenChildIsPolledAgain() {
        List<Probe<Integer>> ps = probes(100);
        ManualTask<List<Integer>> all = new ManualTask<>(Combinators.joinAll(ps));
        assertFalse(all.poll());
        ps.forEach(p -> assertEquals(1, p.polls.get()));
        ps.get(7).complete(7);
        assertTrue(all.woken(), "a child's wake wakes the parent");
        assertFalse(all.poll());
        for (int i = 0; i < ps.size(); i++) {
            assertEquals(i == 7 ? 2 : 1, ps.get(i).polls.get(), "p" + i);
        }
        all.cancel();
        assertEquals(99, ps.stream().mapToInt(p -> p.cancels.get()).sum(), "all unfinished cancelled");
        all.cancel(); // idempotent
        assertEquals(99, ps.stream().mapToInt(p -> p.cancels.get()).sum());
    }

    @Test
    void aChildThatKeepsWakingItselfCannotMonopoliseThePoll() {
        Probe<Integer> other = new Probe<>("other");
        ManualTask<List<Integer>> all = new ManualTask<>(
                Combinators.joinAll(List.of(TestSupport.yieldingFor(1_000, 1), other)));
        assertFalse(all.poll());
        assertTrue(all.woken(), "the parent yielded (woke itself) instead of spinning 1000 times");
        other.complete(2);
        int polls = 1;
        while (!all.poll()) {
            polls++;
        }
        assertEquals(List.of(1, 2), all.value());
        assertTrue(polls > 100, "the busy child was spread over many parent polls: " + polls);
    }

    @Test
    void cancellingACombinatorCancelsEveryChild() {
        List<Probe<Integer>> ps = probes(3);
        ManualTask<Integer> any = new ManualTask<>(Combinators.any(ps));
        assertFalse(any.poll());
        any.cancel();
        ps.forEach(p -> assertEquals(1, p.cancels.get()));
        ps.get(0).complete(1); // a late wake after cancellation is harmless
        assertInstanceOf(IllegalStateException.class, any.pollFailure(), "polled after cancel");
    }

    @Test
    void childrenCompletedConcurrentlyFromManyThreads() throws Exception {
        int n = 200;
        List<Oneshot<Integer>> chans = new ArrayList<>();
        List<Future<Integer>> rx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Oneshot<Integer> c = Oneshot.create();
            chans.add(c);
            rx.add(c.receiver());
        }
        Thread[] senders = new Thread[4];
        for (int t = 0; t < senders.length; t++) {
            int id = t;
            senders[t] = new Thread(() -> {
                for (int i = id; i < n; i += senders.length) {
                    chans.get(i).sender().send(i);
                }
            });
            senders[t].start();
        }
        List<Integer> values = Await.blockOn(Combinators.joinAll(rx));
        for (int i = 0; i < n; i++) {
            assertEquals(i, values.get(i));
        }
        for (Thread t : senders) {
            t.join();
        }
    }
}
