package dev.jawait.samples.loadtest;

import java.net.InetSocketAddress;

/**
 * One of the servers the HTTP load test compares: bound and serving from construction until
 * {@link #close()}.
 */
public interface LoadTestServer extends AutoCloseable {
    /** The bound address, with the actual port. */
    InetSocketAddress address();

    /** Stops accepting and releases the server's threads; open connections may be cut. */
    @Override
    void close();
}
