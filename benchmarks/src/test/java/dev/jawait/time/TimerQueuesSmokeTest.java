package dev.jawait.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs {@link TimerQueues}' bodies briefly on both queues and checks what they did (times nothing). */
@Timeout(30)
class TimerQueuesSmokeTest {

    private static TimerQueues bench(String queue, int pending) {
        TimerQueues b = new TimerQueues();
        b.queue = queue;
        b.pending = pending;
        b.setUp();
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "wheel"})
    void insertCancelKeepsThePendingCountAndFiresNothing(String queue) {
        TimerQueues b = bench(queue, 1_000);
        TimerQueues.Filled filled = new TimerQueues.Filled();
        filled.fill(b);
        for (int i = 0; i < 50_000; i++) {
            assertEquals(null, b.insertCancel(filled), "a 10-50 s timeout fired within 50 ms");
        }
        assertEquals(1_000, b.queueForTests().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "wheel"})
    void insertFireFiresAboutAsManyAsItAdds(String queue) {
        TimerQueues b = bench(queue, 1_000);
        TimerQueues.Spread spread = new TimerQueues.Spread();
        spread.fill(b);
        int ops = 50_000;
        long fired = 0;
        for (int i = 0; i < ops; i++) {
            fired += b.insertFire(spread);
        }
        int pending = b.queueForTests().size();
        assertEquals(1_000 + ops, fired + pending, "every timer either fired or is pending");
        assertTrue(pending > 200 && pending < 5_000, "about `pending` stay pending: " + pending);
    }
}
