package dev.jawait.fuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.fuzzer.gen.Generator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fixed-seed slice CI runs: a few dozen generated programs, each compiled with the processor
 * and run under its schedules on every executor, against its synchronous twin. It fails on any
 * divergence that is not one of the processor's documented rejections, and on any program the
 * generator got wrong. A divergence with the same signature as a committed reproducer fails it
 * too: signatures are coarse ({@code MISMATCH log} says only that a side-effect log differed), so
 * matching one proves nothing about the cause, and while a reproducer's bug is open
 * {@link RegressionTest} is red anyway.
 */
@Timeout(900)
class FuzzSliceTest {

    @Test
    void supportedProfileSliceBehavesLikeTwins() {
        check(run(20261126L, 36, Generator.Profile.SUPPORTED));
    }

    @Test
    void fullGrammarSliceBehavesLikeTwins() {
        check(run(7L, 12, Generator.Profile.FULL));
    }

    private static Campaign run(long seed, int count, Generator.Profile profile) {
        Campaign c = new Campaign();
        c.seed = seed;
        c.count = count;
        c.batch = count;
        c.profile = profile;
        c.verbose = false;
        c.run();
        System.out.println("fuzz slice, seed " + seed + ", profile " + profile + ":\n" + c.summary());
        return c;
    }

    /** The processor's documented, deliberate rejections (see the file's header). */
    static List<String> limitations() {
        try {
            return Files.readAllLines(Path.of("src/test/resources/limitations.txt")).stream()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(Campaign c) {
        assertEquals(List.of(), c.generatorErrors, "the generator must produce programs javac accepts");
        assertTrue(c.programs >= c.count - c.javacCrashes - 1, "every program ran");
        assertTrue(c.cancelledRuns > c.cancelRuns / 2 && c.unwoundRuns > 0, "cancel runs are exercised: "
                + c.cancelledRuns + " of " + c.cancelRuns + " cancelled, " + c.unwoundRuns + " ran code unwinding");
        List<String> limitations = limitations();
        List<String> unknown = c.divergences.stream()
                .filter(f -> limitations.stream().noneMatch(l -> f.divergence.toString().contains(l)))
                .map(f -> f.program.className() + " (generator seed " + f.program.seed + "): " + f.divergence
                        + "\n" + f.program.source())
                .collect(Collectors.toList());
        assertTrue(unknown.isEmpty(), () -> unknown.size() + " new divergences (shrink them with the campaign's"
                + " --shrink option and commit the reproducers):\n" + String.join("\n\n", unknown));
    }
}
