package dev.jawait.fuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.fuzzer.gen.Generator;
import dev.jawait.fuzzer.gen.Program;
import dev.jawait.fuzzer.run.Divergence;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shrinker sizes its batches to the time it has left, so that a big program (seconds of
 * javac per candidate) cannot overrun {@code --shrink-seconds} by a whole batch of 24.
 */
class ShrinkerTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void triesOneEditUntilItKnowsWhatACandidateCosts() {
        Shrinker shrinker = new Shrinker(null, 0, null);
        assertEquals(1, shrinker.chunkSize(System.nanoTime() + 60 * SECOND));
    }

    @Test
    void fitsTheNextBatchIntoTheTimeLeft() {
        Shrinker shrinker = new Shrinker(null, 0, null);
        shrinker.timed(4, 40 * SECOND); // ten seconds a candidate, as for a 400-line program
        long now = System.nanoTime();
        assertEquals(2, shrinker.chunkSize(now + 29 * SECOND));
        assertEquals(1, shrinker.chunkSize(now + 5 * SECOND), "at least one, even when the time is short");
        assertEquals(1, shrinker.chunkSize(now - SECOND), "at least one, even past the deadline");
        shrinker.timed(24, 24 * SECOND / 100); // small programs: 10 ms a candidate
        assertEquals(24, shrinker.chunkSize(System.nanoTime() + 29 * SECOND), "never more than a full batch");
    }

    @Test
    void keepsToItsTimeWhenEveryCandidateIsSlowToJudge() {
        Program p = Generator.generate(20261401, "P0");
        String before = p.source();
        Divergence original = new Divergence("COMPILE", "error: x", null, null, null, null);
        // Every edit keeps the divergence, so only the deadline stops the shrinking; each
        // candidate costs 100 ms, as if javac took that long for it.
        Shrinker shrinker = new Shrinker(candidates -> {
            sleep(100L * candidates.size());
            Map<String, Divergence> out = new HashMap<>();
            candidates.keySet().forEach(c -> out.put(c, original));
            return out;
        }, original);
        long start = System.nanoTime();
        shrinker.shrink(p, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 2.0, "a 1-s shrink took " + seconds + " s (a batch of 24 would take 2.4 s)");
        assertTrue(p.source().length() < before.length(), "it shrank the program meanwhile");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
