package dev.jawait.net;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Shared helpers for the socket tests. */
final class NetTesting {
    private NetTesting() {}

    /** 127.0.0.1 with port 0: a free loopback port. */
    static InetSocketAddress anyLoopbackPort() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls {@code future} once with {@code waker}. */
    static <T> Poll<T> pollOnce(Future<T> future, Waker waker) {
        return future.poll(Context.of(waker));
    }

    static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Waits up to 10 s for {@code condition}; fails the test otherwise. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** The number of deadlines in the reactor's heap, read on the reactor thread. */
    static int pendingDeadlines(Reactor reactor) throws Exception {
        CompletableFuture<Integer> count = new CompletableFuture<>();
        reactor.submit(r -> count.complete(r.pendingDeadlines()));
        return count.get(10, TimeUnit.SECONDS);
    }

    /**
     * Fills {@code listener}'s accept queue (nobody accepts) until a connect no longer completes:
     * Linux then drops further SYNs, so the next connect stays pending. Returns the connections
     * that did complete, for the caller to close.
     */
    static List<TcpStream> saturate(Reactor reactor, TcpListener listener) throws Exception {
        List<TcpStream> connected = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            try {
                connected.add(dev.jawait.Await.blockOn(
                        reactor.connect(listener.localAddress(), Duration.ofMillis(300))));
            } catch (Exception e) {
                if (e instanceof SocketTimeoutException) {
                    return connected;
                }
                throw e;
            }
        }
        throw new AssertionError("accept queue never filled up");
    }
}
