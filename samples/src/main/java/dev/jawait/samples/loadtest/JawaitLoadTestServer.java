package dev.jawait.samples.loadtest;

import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.samples.http.HttpLimits;
import dev.jawait.samples.http.HttpServer;
import dev.jawait.task.Spawner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The jawait contender: the samples' {@link HttpServer} exactly as a user writes it ({@code @Async}
 * accept loop and connection loop over {@link dev.jawait.net.TcpStream}), serving {@link HelloApp}
 * on the shared reactor, with its tasks on either executor.
 */
public final class JawaitLoadTestServer implements LoadTestServer {
    /** Which executor polls the connection tasks. */
    public enum Flavour {
        /** {@link WorkStealingExecutor} with one worker per core. */
        WORK_STEALING,
        /** {@link LocalExecutor} on one dedicated thread. */
        LOCAL
    }

    private final HttpServer server;
    private final AutoCloseable executor;

    private JawaitLoadTestServer(HttpServer server, AutoCloseable executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds on {@code address} (port 0 picks one) and starts serving.
     *
     * @param idleTimeout how long a connection may stay silent before the server closes it
     */
    public static JawaitLoadTestServer start(Flavour flavour, InetSocketAddress address, Duration idleTimeout)
            throws IOException {
        Spawner spawner;
        AutoCloseable closer;
        if (flavour == Flavour.WORK_STEALING) {
            WorkStealingExecutor ws = WorkStealingExecutor.builder().threadNamePrefix("jawait-ws-").build();
            spawner = ws;
            closer = ws;
        } else {
            LocalExecutor local = LocalExecutor.startOnNewThread("jawait-local");
            spawner = local;
            closer = local;
        }
        HttpServer server;
        try {
            server = HttpServer.bind(address, HelloApp.handler(), spawner, HttpLimits.DEFAULT, idleTimeout);
        } catch (IOException | RuntimeException e) {
            closeExecutor(closer);
            throw e;
        }
        spawner.spawn(server.serve());
        return new JawaitLoadTestServer(server, closer);
    }

    @Override
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
        closeExecutor(executor);
    }

    private static void closeExecutor(AutoCloseable executor) {
        try {
            executor.close();
        } catch (Exception e) {
            throw new IllegalStateException("executor did not close", e);
        }
    }
}
