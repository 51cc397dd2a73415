package dev.jawait.samples.loadtest;

import dev.jawait.samples.http.HttpLimits;
import dev.jawait.samples.http.HttpRequest;
import dev.jawait.samples.http.HttpResponse;
import dev.jawait.samples.http.HttpServerSession;
import dev.jawait.samples.http.HttpServerSession.Kind;
import dev.jawait.samples.http.HttpServerSession.Step;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.InterruptedByTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link CompletableFuture} contender: NIO.2 {@link AsynchronousServerSocketChannel} on a named
 * group of one thread per core, each I/O operation adapted to a {@code CompletableFuture}, and the
 * same {@link HttpServerSession} loop written as callbacks ({@code whenComplete} /
 * {@code thenCompose}) — how the server looks without async/await. Serves {@link HelloApp}.
 */
public final class CompletableFutureHttpServer implements LoadTestServer {
    /** Most bytes read and discarded after an error response before closing (as the jawait server). */
    private static final int DRAIN_LIMIT = 64 * 1024;
    private static final long DRAIN_SILENCE_MILLIS = 1000;

    private final AsynchronousChannelGroup group;
    private final AsynchronousServerSocketChannel server;
    private final long idleMillis;

    private CompletableFutureHttpServer(AsynchronousChannelGroup group, AsynchronousServerSocketChannel server,
            long idleMillis) {
        this.group = group;
        this.server = server;
        this.idleMillis = idleMillis;
    }

    /**
     * Binds on {@code address} (port 0 picks one) and starts accepting.
     *
     * @param idleTimeout how long a connection may stay silent before the server closes it
     */
    public static CompletableFutureHttpServer start(InetSocketAddress address, Duration idleTimeout) throws IOException {
        // Named explicitly: the common ForkJoinPool has parallelism 1 on a 2-core machine.
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(
                Runtime.getRuntime().availableProcessors(), namedDaemons("cf-http-"));
        try {
            AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open(group).bind(address, 128);
            CompletableFutureHttpServer s = new CompletableFutureHttpServer(group, server, idleTimeout.toMillis());
            s.acceptNext();
            return s;
        } catch (IOException | RuntimeException e) {
            group.shutdownNow();
            throw e;
        }
    }

    @Override
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("server channel closed", e);
        }
    }

    /** Closes the listener and every connection, and stops the group's threads. */
    @Override
    public void close() {
        try {
            group.shutdownNow();
            group.awaitTermination(5, TimeUnit.SECONDS);
        } catch (IOException ignored) {
            // Closing is all we wanted.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptNext() {
        CompletableFuture<AsynchronousSocketChannel> accepted = new CompletableFuture<>();
        server.accept(accepted, Completer.instance());
        accepted.whenComplete((channel, failure) -> {
            if (failure != null) {
                if (server.isOpen()) {
                    acceptNext(); // one failed accept concerns nobody else
                }
                return;
            }
            acceptNext();
            new Connection(channel).advance();
        });
    }

    /** One connection: the session loop as a chain of callbacks, one I/O operation at a time. */
    private final class Connection {
        private final AsynchronousSocketChannel channel;
        private final HttpServerSession session = new HttpServerSession(HttpLimits.DEFAULT);

        Connection(AsynchronousSocketChannel channel) {
            this.channel = channel;
        }

        /** Does the session's next step; its completion callback calls this again until CLOSE. */
        void advance() {
            Step step = session.next();
            if (step.kind() == Kind.READ) {
                read(channel, session.readBuffer(), idleMillis).whenComplete((n, failure) -> {
                    if (failure == null) {
                        session.received(n);
                        advance();
                    } else if (failure instanceof InterruptedByTimeoutException) {
                        timedOut();
                    } else {
                        close();
                    }
                });
            } else if (step.kind() == Kind.HANDLE) {
                HttpRequest request = step.request();
                handle(request)
                        .handle((response, failure) -> failure == null
                                ? session.respond(request, response)
                                : session.handlerFailed(failure).bytes())
                        .thenCompose(reply -> writeAll(channel, reply))
                        .whenComplete((ignored, failure) -> {
                            if (failure == null) {
                                advance();
                            } else {
                                close();
                            }
                        });
            } else if (step.kind() == Kind.WRITE_AND_CLOSE) {
                writeAndClose(step.bytes());
            } else {
                close();
            }
        }

        /** The application, as a callback-style server calls it: a stage (already complete here). */
        private CompletableFuture<HttpResponse> handle(HttpRequest request) {
            try {
                return CompletableFuture.completedFuture(HelloApp.respond(request));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private void timedOut() {
            Step step = session.timedOut();
            if (step.kind() == Kind.WRITE_AND_CLOSE) {
                writeAndClose(step.bytes());
            } else {
                close();
            }
        }

        /** An error response: send it, half-close, drain what the client still sends, close. */
        private void writeAndClose(ByteBuffer bytes) {
            writeAll(channel, bytes).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    close();
                    return;
                }
                try {
                    channel.shutdownOutput();
                } catch (IOException e) {
                    close();
                    return;
                }
                drain(ByteBuffer.allocate(4096), 0);
            });
        }

        private void drain(ByteBuffer sink, int discarded) {
            if (discarded >= DRAIN_LIMIT) {
                close();
                return;
            }
            sink.clear();
            read(channel, sink, DRAIN_SILENCE_MILLIS).whenComplete((n, failure) -> {
                if (failure != null || n < 0) {
                    close();
                } else {
                    drain(sink, discarded + n);
                }
            });
        }

        private void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
    }

    /** One read with a time limit, as a future of the byte count (-1 at end of stream). */
    static CompletableFuture<Integer> read(AsynchronousSocketChannel channel, ByteBuffer dst, long timeoutMillis) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        channel.read(dst, timeoutMillis, TimeUnit.MILLISECONDS, result, Completer.instance());
        return result;
    }

    /** Writes all of {@code src}, one write after another. */
    static CompletableFuture<Void> writeAll(AsynchronousSocketChannel channel, ByteBuffer src) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writeRest(channel, src, done);
        return done;
    }

    private static void writeRest(AsynchronousSocketChannel channel, ByteBuffer src, CompletableFuture<Void> done) {
        CompletableFuture<Integer> written = new CompletableFuture<>();
        channel.write(src, written, Completer.instance());
        written.whenComplete((n, failure) -> {
            if (failure != null) {
                done.completeExceptionally(unwrap(failure));
            } else if (src.hasRemaining()) {
                writeRest(channel, src, done);
            } else {
                done.complete(null);
            }
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Completes the future passed as the attachment: the one adapter from NIO.2 to futures. */
    private static final class Completer<V> implements CompletionHandler<V, CompletableFuture<V>> {
        private static final Completer<Object> INSTANCE = new Completer<>();

        @SuppressWarnings("unchecked")
        static <V> Completer<V> instance() {
            return (Completer<V>) INSTANCE;
        }

        @Override
        public void completed(V result, CompletableFuture<V> future) {
            future.complete(result);
        }

        @Override
        public void failed(Throwable failure, CompletableFuture<V> future) {
            future.completeExceptionally(failure);
        }
    }

    private static ThreadFactory namedDaemons(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
