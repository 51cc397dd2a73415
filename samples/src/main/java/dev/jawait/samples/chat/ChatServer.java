package dev.jawait.samples.chat;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.Futures;
import dev.jawait.channel.Channel;
import dev.jawait.channel.ChannelClosedException;
import dev.jawait.net.Reactor;
import dev.jawait.net.TcpListener;
import dev.jawait.net.TcpStream;
import dev.jawait.task.Spawner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A line-based chat server over {@link ChatHub}. Each connection runs two tasks: a reader that
 * turns lines into hub commands, and a writer that drains the member's bounded outbox (a
 * {@link Channel}) to the socket. The hub never waits on a socket: a member whose outbox is full is
 * disconnected, so one stalled client cannot hold up a room.
 */
public final class ChatServer implements AutoCloseable {
    /** Lines a member may have queued before it counts as too slow. */
    public static final int OUTBOX_CAPACITY = 256;
    /** Kernel send buffer per client. */
    public static final int SEND_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_LINE = 1024;

    private final TcpListener listener;
    private final Spawner spawner;
    private final Duration writeTimeout;
    private final ChatHub hub = new ChatHub();

    private ChatServer(TcpListener listener, Spawner spawner, Duration writeTimeout) {
        this.listener = listener;
        this.spawner = spawner;
        this.writeTimeout = writeTimeout;
    }

    /** Binds on {@code address}; run {@link #serve()} to accept. */
    public static ChatServer bind(InetSocketAddress address, Spawner spawner, Duration writeTimeout) throws IOException {
        return new ChatServer(Reactor.shared().bind(address), spawner, writeTimeout);
    }

    public InetSocketAddress address() {
        return listener.localAddress();
    }

    /** Rooms and members right now. */
    public java.util.Map<String, List<String>> rooms() {
        synchronized (hub) {
            return hub.snapshot();
        }
    }

    /** Accepts until {@link #close()}. */
    @Async
    public Future<Void> serve() {
        while (listener.isOpen()) {
            TcpStream stream;
            try {
                stream = await(listener.accept(), IOException.class);
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    break;
                }
                throw new UncheckedIOException("accept failed", e);
            }
            if (limitSendBuffer(stream)) {
                spawner.spawn(session(stream));
            }
        }
        return Future.ready(null);
    }

    /**
     * Caps the kernel's send buffer for one client, so that a client that stops reading makes its
     * writer wait (and then be dropped) after {@link #SEND_BUFFER_BYTES} rather than after the
     * megabytes the kernel would otherwise buffer for it. Closes the stream if that fails.
     */
    static boolean limitSendBuffer(TcpStream stream) {
        try {
            stream.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            return true;
        } catch (IOException e) {
            stream.close();
            return false;
        }
    }

    /** The reader side of one member; spawns the writer side. */
    @Async
    Future<Void> session(TcpStream stream) {
        Channel<String> outbox = Channel.bounded(OUTBOX_CAPACITY);
        ChatHub.Member member;
        synchronized (hub) {
            member = hub.connect(new ChannelOutbox(outbox));
        }
        spawner.spawn(writer(stream, outbox, writeTimeout));
        try {
            LineDecoder decoder = new LineDecoder(MAX_LINE);
            ByteBuffer buf = ByteBuffer.allocate(MAX_LINE);
            while (member.isConnected()) {
                buf.clear();
                int n = await(stream.read(buf));
                if (n < 0) {
                    break;
                }
                buf.flip();
                List<String> lines = decoder.decode(buf);
                synchronized (hub) {
                    for (String line : lines) {
                        hub.handle(member, line);
                    }
                }
                // Let the writers drain what this batch queued before reading more: a fast sender
                // would otherwise fill every outbox (its own included) in one burst on a
                // single-thread executor, and fast readers would be dropped as slow.
                await(Futures.yieldNow());
            }
        } catch (Exception endOfSession) {
            // Too long a line, a reset, or the writer closed the socket: the member leaves.
        } finally {
            synchronized (hub) {
                hub.disconnect(member); // closes the outbox: the writer sends what is queued, then closes
            }
        }
        return Future.ready(null);
    }

    /** Sends queued lines until the outbox is closed and drained, then closes the socket. */
    @Async
    static Future<Void> writer(TcpStream stream, Channel<String> outbox, Duration writeTimeout) {
        try {
            while (true) {
                String line = await(outbox.receive());
                await(stream.writeAll(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)), writeTimeout));
            }
        } catch (ChannelClosedException drained) {
            // The member left and everything queued was sent.
        } catch (Exception gone) {
            outbox.close(); // the client is gone or too slow: stop queueing for it
        } finally {
            stream.close();
        }
        return Future.ready(null);
    }

    @Override
    public void close() {
        listener.close();
    }

    /**
     * Adapts a bounded channel to the hub's outbox: never waits, reports a full channel.
     * Package-private because the machine generated for {@link #session} (a separate class)
     * creates it.
     */
    static final class ChannelOutbox implements ChatHub.Outbox {
        private final Channel<String> channel;

        ChannelOutbox(Channel<String> channel) {
            this.channel = channel;
        }

        @Override
        public boolean offer(String line) {
            try {
                return channel.trySend(line);
            } catch (ChannelClosedException closed) {
                return true; // already leaving; nothing more to deliver
            }
        }

        @Override
        public void close() {
            channel.close();
        }
    }
}
