package dev.jawait.net;

import static dev.jawait.net.NetTesting.anyLoopbackPort;
import static dev.jawait.net.NetTesting.eventually;
import static dev.jawait.net.NetTesting.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.Await;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.net.EchoMachines.AcceptLoop;
import dev.jawait.net.EchoMachines.EchoClient;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket futures under the runtime's real executors: the single-thread task-id executor and
 * the multi-thread work-stealing one, whose pooled tasks make a waker woken after it was dropped
 * wake the wrong task. Many connections, each several round trips, server and clients on the
 * same executor.
 */
@Timeout(60)
class TcpOnExecutorsTest {

    private static void echoRoundTrips(Spawner executor) throws Exception {
        int clients = 60;
        int rounds = 4;
        try (Reactor reactor = Reactor.open(); TcpListener listener = reactor.bind(anyLoopbackPort(), 256)) {
            JoinHandle<Integer> server = executor.spawn(new AcceptLoop(listener, executor::spawn, clients));
            Random random = new Random(9);
            List<JoinHandle<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                byte[][] messages = new byte[rounds][];
                for (int r = 0; r < rounds; r++) {
                    messages[r] = randomBytes(random.nextLong(), 1 + random.nextInt(48 * 1024));
                }
                results.add(executor.spawn(new EchoClient(reactor.connect(listener.localAddress()), messages)));
            }
            for (JoinHandle<Integer> result : results) {
                assertEquals(rounds, Await.blockOn(result));
            }
            Await.blockOn(server);
            eventually("every connection closed", () -> reactor.openSockets() == 1);
        }
    }

    @Test
    void echoOnTheLocalExecutor() throws Exception {
        try (LocalExecutor executor = LocalExecutor.startOnNewThread("net-local")) {
            echoRoundTrips(executor);
        }
    }

    @Test
    void echoOnTheWorkStealingExecutor() throws Exception {
        try (WorkStealingExecutor executor = WorkStealingExecutor.create(2)) {
            echoRoundTrips(executor);
        }
    }
}
