package dev.jawait.net;

import static dev.jawait.channel.BudgetHarness.map;
import static dev.jawait.net.NetTesting.anyLoopbackPort;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.Await;
import dev.jawait.channel.BudgetHarness;
import dev.jawait.channel.BudgetHarness.Outcome;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.task.Coop;
import dev.jawait.task.Spawner;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket futures spend the {@link Coop} budget when the socket is ready at once: a task
 * reading from a socket whose peer has already sent plenty, writing into a socket with room, or
 * accepting from a full backlog gives way to the other tasks of its executor, and no byte or
 * connection is lost or duplicated by the yields (the budget is checked before the socket is
 * touched).
 */
@Timeout(60)
class IoBudgetTest {
    /** One byte per read or write: many ready operations for a few KB of socket buffer. */
    private static final int BYTES = 20 * Coop.UNITS;
    /** Connections waiting in the backlog: more than one budget's worth. */
    private static final int CONNECTIONS = 2 * Coop.UNITS + 20;

    private interface SocketBody {
        Outcome<?> run(Spawner ex, Reactor reactor, TcpListener listener) throws Exception;
    }

    private static void onBothExecutors(int iterations, SocketBody body) throws Exception {
        try (Reactor reactor = Reactor.open(); TcpListener listener = reactor.bind(anyLoopbackPort(), CONNECTIONS + 10)) {
            try (LocalExecutor ex = LocalExecutor.startOnNewThread("io-budget")) {
                body.run(ex, reactor, listener).assertTheHogYielded(iterations);
            }
            try (WorkStealingExecutor ex = WorkStealingExecutor.create(1)) {
                body.run(ex, reactor, listener).assertTheHogYielded(iterations);
            }
        }
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void aSocketWithDataWaitingDoesNotStarveTheExecutor() throws Exception {
        byte[] sent = pattern(BYTES);
        onBothExecutors(BYTES, (ex, reactor, listener) -> {
            try (Socket peer = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                    TcpStream stream = Await.blockOn(listener.accept())) {
                OutputStream out = peer.getOutputStream();
                out.write(sent); // all in the socket buffers before the hog starts reading
                out.flush();
                // On loopback the bytes are in the receiving socket's buffer once write returns;
                // the pause is only a margin, so that every one-byte read finds its byte ready.
                Thread.sleep(50);
                Outcome<Byte> o = BudgetHarness.run(ex, BYTES, i -> {
                    ByteBuffer one = ByteBuffer.allocate(1);
                    return map(stream.read(one), n -> {
                        assertEquals(1, n);
                        return one.get(0);
                    });
                });
                assertArrayEquals(sent, toArray(o.results), "every byte read once, in order");
                return o;
            }
        });
    }

    @Test
    void aSocketWithRoomDoesNotStarveTheExecutor() throws Exception {
        byte[] toSend = pattern(BYTES);
        onBothExecutors(BYTES, (ex, reactor, listener) -> {
            try (Socket peer = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                    TcpStream stream = Await.blockOn(listener.accept())) {
                AtomicReference<byte[]> received = new AtomicReference<>();
                Thread reader = new Thread(() -> {
                    try {
                        received.set(peer.getInputStream().readNBytes(BYTES));
                    } catch (Exception e) {
                        received.set(new byte[0]);
                    }
                }, "io-budget-peer");
                reader.start();
                Outcome<Integer> o = BudgetHarness.run(ex, BYTES,
                        i -> stream.write(ByteBuffer.wrap(toSend, i, 1)));
                reader.join(20_000);
                assertArrayEquals(toSend, received.get(), "every byte written once, in order");
                return o;
            }
        });
    }

    @Test
    void aFullBacklogDoesNotStarveTheExecutor() throws Exception {
        onBothExecutors(CONNECTIONS, (ex, reactor, listener) -> {
            List<Socket> clients = new ArrayList<>();
            List<TcpStream> accepted = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket s = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                    s.getOutputStream().write(i & 0xff); // tells the accepted side which client it is
                    clients.add(s);
                }
                Outcome<TcpStream> o = BudgetHarness.run(ex, CONNECTIONS, i -> listener.accept());
                accepted.addAll(o.results);
                // Every client accepted exactly once: the first byte of each accepted stream, in
                // accept order, is the connect order (the backlog is FIFO).
                for (int i = 0; i < CONNECTIONS; i++) {
                    ByteBuffer one = ByteBuffer.allocate(1);
                    assertEquals(1, Await.blockOn(accepted.get(i).read(one)));
                    assertEquals((byte) i, one.get(0), "connection " + i);
                }
                return o;
            } finally {
                for (TcpStream s : accepted) {
                    s.close();
                }
                for (Socket s : clients) {
                    s.close();
                }
            }
        });
    }

    private static byte[] toArray(List<Byte> bytes) {
        byte[] b = new byte[bytes.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = bytes.get(i);
        }
        return b;
    }
}
