package dev.jawait.net;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Hand-written state machines for the echo tests: what the annotation processor will generate
 * from a few lines of {@code @Async} code, written out so these tests do not depend on it.
 */
final class EchoMachines {
    private EchoMachines() {}

    /** Server side: echoes everything until the peer half-closes, then closes; value = bytes echoed. */
    static final class EchoConnection implements Future<Long> {
        private final TcpStream stream;
        private final ByteBuffer buf = ByteBuffer.allocate(4096);
        private Future<Integer> read;
        private Future<Integer> write;
        private long total;

        EchoConnection(TcpStream stream) {
            this.stream = stream;
        }

        @Override
        public Poll<Long> poll(Context cx) {
            try {
                for (;;) {
                    if (write != null) {
                        if (write.poll(cx).isPending()) {
                            return Poll.pending();
                        }
                        write = null;
                        buf.clear();
                    }
                    if (read == null) {
                        read = stream.read(buf);
                    }
                    Poll<Integer> n = read.poll(cx);
                    if (n.isPending()) {
                        return Poll.pending();
                    }
                    read = null;
                    if (n.get() < 0) {
                        stream.close();
                        return Poll.ready(total);
                    }
                    total += n.get();
                    buf.flip();
                    write = stream.writeAll(buf);
                }
            } catch (RuntimeException | Error e) {
                stream.close();
                throw e;
            }
        }
    }

    /** Accepts {@code count} connections and runs an {@link EchoConnection} for each. */
    static final class AcceptLoop implements Future<Integer> {
        private final TcpListener listener;
        private final java.util.function.Consumer<Future<Long>> spawn;
        private int remaining;
        private Future<TcpStream> accept;

        AcceptLoop(TcpListener listener, MiniExecutor executor, int count) {
            this(listener, executor::spawn, count);
        }

        AcceptLoop(TcpListener listener, java.util.function.Consumer<Future<Long>> spawn, int count) {
            this.listener = listener;
            this.spawn = spawn;
            this.remaining = count;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            while (remaining > 0) {
                if (accept == null) {
                    accept = listener.accept();
                }
                Poll<TcpStream> s = accept.poll(cx);
                if (s.isPending()) {
                    return Poll.pending();
                }
                accept = null;
                spawn.accept(new EchoConnection(s.get()));
                remaining--;
            }
            return Poll.ready(0);
        }
    }

    /**
     * Client side: connects, then for each message writes it and reads the echo back until it has
     * as many bytes, and checks them; finally half-closes, expects end of stream, and closes.
     * Value = number of rounds verified.
     */
    static final class EchoClient implements Future<Integer> {
        private final Future<TcpStream> connect;
        private final byte[][] messages;
        private TcpStream stream;
        private int round;
        private ByteBuffer out;
        private ByteBuffer in;
        private Future<Integer> pending;
        private int state; // 0 connect, 1 write, 2 read, 3 await EOF

        EchoClient(Future<TcpStream> connect, byte[][] messages) {
            this.connect = connect;
            this.messages = messages;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            try {
                for (;;) {
                    switch (state) {
                        case 0: {
                            Poll<TcpStream> s = connect.poll(cx);
                            if (s.isPending()) {
                                return Poll.pending();
                            }
                            stream = s.get();
                            state = 1;
                            break;
                        }
                        case 1: {
                            if (round == messages.length) {
                                stream.shutdownOutput();
                                in = ByteBuffer.allocate(16);
                                pending = stream.read(in);
                                state = 3;
                                break;
                            }
                            if (pending == null) {
                                out = ByteBuffer.wrap(messages[round]);
                                pending = stream.writeAll(out);
                            }
                            if (pending.poll(cx).isPending()) {
                                return Poll.pending();
                            }
                            in = ByteBuffer.allocate(messages[round].length);
                            pending = stream.read(in);
                            state = 2;
                            break;
                        }
                        case 2: {
                            Poll<Integer> n = pending.poll(cx);
                            if (n.isPending()) {
                                return Poll.pending();
                            }
                            if (n.get() < 0) {
                                throw new AssertionError("EOF before the echo of round " + round);
                            }
                            if (in.hasRemaining()) {
                                pending = stream.read(in);
                                break;
                            }
                            if (!Arrays.equals(in.array(), messages[round])) {
                                throw new AssertionError("echo differs in round " + round);
                            }
                            round++;
                            pending = null;
                            state = 1;
                            break;
                        }
                        case 3: {
                            Poll<Integer> n = pending.poll(cx);
                            if (n.isPending()) {
                                return Poll.pending();
                            }
                            if (n.get() != -1) {
                                throw new AssertionError("expected EOF after half-close, read " + n.get());
                            }
                            stream.close();
                            return Poll.ready(round);
                        }
                        default:
                            throw new IllegalStateException();
                    }
                }
            } catch (Exception e) {
                if (stream != null) {
                    stream.close();
                }
                throw dev.jawait.internal.Sneaky.<RuntimeException>sneak(e);
            }
        }
    }
}
