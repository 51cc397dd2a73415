package dev.jawait.samples.loadtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * Starts one load-test server on 127.0.0.1 for {@code benchmarks/http/run.sh}:
 * {@code LoadTestMain <server> <port> <max-seconds>}, where {@code server} is one of
 * {@code jawait-ws}, {@code jawait-local}, {@code virtual-threads}, {@code completable-future}.
 * Prints {@code listening <port>} once it accepts, and exits after {@code max-seconds} (or when
 * killed), so a forgotten server never outlives the run.
 */
public final class LoadTestMain {
    /** Idle connections stay open this long: longer than any load-test phase. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

    private LoadTestMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: LoadTestMain <jawait-ws|jawait-local|virtual-threads|completable-future>"
                    + " <port> <max-seconds>");
            System.exit(2);
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1]));
        long maxSeconds = Long.parseLong(args[2]);
        LoadTestServer server = start(args[0], address);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "load-test-shutdown"));
        System.out.println("listening " + server.address().getPort());
        System.out.flush();
        Thread.sleep(maxSeconds * 1000);
        System.exit(0); // the hook closes the server
    }

    /** Starts the server named {@code name} on {@code address}. */
    public static LoadTestServer start(String name, InetSocketAddress address) throws IOException {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "jawait-ws":
                return JawaitLoadTestServer.start(JawaitLoadTestServer.Flavour.WORK_STEALING, address, IDLE_TIMEOUT);
            case "jawait-local":
                return JawaitLoadTestServer.start(JawaitLoadTestServer.Flavour.LOCAL, address, IDLE_TIMEOUT);
            case "virtual-threads":
                return VirtualThreadHttpServer.start(address, IDLE_TIMEOUT);
            case "completable-future":
                return CompletableFutureHttpServer.start(address, IDLE_TIMEOUT);
            default:
                throw new IllegalArgumentException("unknown server " + name);
        }
    }
}
