package dev.jawait.net;

import static dev.jawait.Await.blockOn;
import static dev.jawait.net.NetTesting.anyLoopbackPort;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reactor sends at most one selector wakeup per select and none while awake: interest
 * registrations racing its transitions between running and selecting must never be stranded.
 * Several threads ping-pong one byte over their own connections as fast as they can, so most
 * interest changes arrive while the reactor is between selects; a stranded one hangs a read
 * (and the 30 s operation timeout, then the test's @Timeout, report it).
 */
@Timeout(60)
class ReactorWakeupTest extends ReactorTestBase {
    @Test
    void concurrentPingPongsNeverStrandAnInterestChange() throws Exception {
        int pairs = 4;
        int rounds = 2_000;
        ExecutorService threads = Executors.newFixedThreadPool(pairs * 2);
        try (TcpListener listener = reactor.bind(anyLoopbackPort())) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept());
                results.add(threads.submit(() -> bounce(server, rounds, false)));
                results.add(threads.submit(() -> bounce(client, rounds, true)));
            }
            for (Future<Integer> r : results) {
                assertEquals(rounds, r.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Reads a byte and writes it back {@code rounds} times (the starter writes first). */
    private static int bounce(TcpStream stream, int rounds, boolean starts) throws Exception {
        try (stream) {
            ByteBuffer one = ByteBuffer.allocate(1);
            int done = 0;
            if (starts) {
                blockOn(stream.writeAll(ByteBuffer.wrap(new byte[] {1})));
            }
            for (int i = 0; i < rounds; i++) {
                one.clear();
                if (blockOn(stream.read(one, Duration.ofSeconds(30))) != 1) {
                    throw new AssertionError("unexpected end of stream");
                }
                done++;
                if (!starts || i < rounds - 1) {
                    one.flip();
                    blockOn(stream.writeAll(one));
                }
            }
            return done;
        }
    }
}
