package dev.jawait.fuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The long-campaign command (see {@code fuzzer/README.md}): runs {@link Campaign} with the
 * arguments of the {@code fuzz.args} system property, e.g.
 * {@code -Dfuzz.args="--seed 1 --count 20000 --minutes 60 --profile supported"}. Without the
 * property it runs a tiny campaign, which checks that the command works. It asserts only that
 * the generator made no program javac rejects; divergences are the campaign's findings, printed
 * with the closing {@code N programs, M divergences} line.
 */
class CampaignCommandTest {

    @Test
    @Timeout(value = 24, unit = TimeUnit.HOURS) // a campaign is bounded by its own --count / --minutes
    void campaign() {
        String args = System.getProperty("fuzz.args",
                "--seed 5 --count 3 --quiet --limitations src/test/resources/limitations.txt").trim();
        Campaign c = Campaign.parse(args.split("\\s+"));
        c.run();
        System.out.println(c.summary());
        assertEquals(List.of(), c.generatorErrors);
    }
}
