package dev.jawait.net;

import static dev.jawait.Await.blockOn;
import static dev.jawait.net.NetTesting.anyLoopbackPort;
import static dev.jawait.net.NetTesting.ascii;
import static dev.jawait.net.NetTesting.eventually;
import static dev.jawait.net.NetTesting.pollOnce;
import static dev.jawait.net.NetTesting.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.Waker;
import dev.jawait.net.EchoMachines.AcceptLoop;
import dev.jawait.net.EchoMachines.EchoClient;
import dev.jawait.net.EchoMachines.EchoConnection;
import java.net.ConnectException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpStreamTest {
    private Reactor reactor;

    @BeforeEach
    void openReactor() throws Exception {
        reactor = Reactor.open();
    }

    @AfterEach
    void closeReactor() {
        reactor.close();
    }

    @Test
    void manyConcurrentEchoConnectionsOnOneExecutorThread() throws Exception {
        int clients = 100;
        int rounds = 5;
        try (TcpListener listener = reactor.bind(anyLoopbackPort(), 256);
                MiniExecutor executor = new MiniExecutor()) {
            CompletableFuture<Integer> server = executor.spawn(new AcceptLoop(listener, executor, clients));
            Random random = new Random(7);
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                byte[][] messages = new byte[rounds][];
                for (int r = 0; r < rounds; r++) {
                    messages[r] = randomBytes(random.nextLong(), 1 + random.nextInt(32 * 1024));
                }
                results.add(executor.spawn(new EchoClient(reactor.connect(listener.localAddress()), messages)));
            }
            for (CompletableFuture<Integer> result : results) {
                assertEquals(rounds, result.get(20, TimeUnit.SECONDS));
            }
            server.get(10, TimeUnit.SECONDS);
            // Every client closed, and every server connection closed after reading EOF.
            eventually("only the listener left open", () -> reactor.openSockets() == 1);
        }
        assertEquals(0, reactor.openSockets());
    }

    @Test
    void echoWithPlainThreadsAndBlockOn() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort())) {
            int clients = 4;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> echoes = new ArrayList<>(); // written by the acceptor, read after its join
            Thread acceptor = new Thread(() -> {
                try {
                    for (int i = 0; i < clients; i++) {
                        TcpStream s = blockOn(listener.accept());
                        Thread echo = new Thread(() -> {
                            try {
                                blockOn(new EchoConnection(s)); // until its client closes
                            } catch (Throwable e) {
                                failure.compareAndSet(null, e);
                            }
                        });
                        echoes.add(echo);
                        echo.start();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            acceptor.start();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                Thread t = new Thread(() -> {
                    try (TcpStream s = blockOn(reactor.connect(listener.localAddress()))) {
                        for (int round = 0; round < 20; round++) {
                            String line = "client " + id + " round " + round + "\n";
                            blockOn(s.writeAll(ascii(line)));
                            ByteBuffer in = ByteBuffer.allocate(line.length());
                            while (in.hasRemaining()) {
                                assertTrue(blockOn(s.read(in)) > 0);
                            }
                            assertEquals(line, new String(in.array(), StandardCharsets.US_ASCII));
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            acceptor.join();
            // The server's side too, before the reactor closes under it.
            for (Thread echo : echoes) {
                echo.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
        }
    }

    @Test
    void halfCloseLetsThePeerReadToTheEndAndStillReply() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept())) {
            assertEquals(client.localAddress(), server.remoteAddress());
            assertEquals(server.localAddress(), client.remoteAddress());

            blockOn(client.writeAll(ascii("question")));
            client.shutdownOutput();

            ByteBuffer in = ByteBuffer.allocate(64);
            int n;
            while ((n = blockOn(server.read(in))) != -1) {
                assertTrue(n > 0);
            }
            assertEquals("question", new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
            assertEquals(-1, blockOn(server.read(ByteBuffer.allocate(8))), "EOF stays EOF");

            // The half-closed side still receives.
            blockOn(server.writeAll(ascii("answer")));
            server.close();
            ByteBuffer reply = ByteBuffer.allocate(64);
            while (blockOn(client.read(reply)) != -1) {
                // read to the end
            }
            assertEquals("answer", new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII));
            assertThrows(ClosedChannelException.class, () -> blockOn(client.writeAll(ascii("x"))));
        }
    }

    @Test
    void writerParksOnBackPressureAndResumesWhenThePeerReads() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept())) {
            client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            server.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            byte[] payload = randomBytes(42, 8 * 1024 * 1024);
            ByteBuffer src = ByteBuffer.wrap(payload);
            Future<Integer> write = client.writeAll(src);

            // Poll until the writer is parked: pending, and not woken again while nobody reads.
            CountDownLatch woken = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                CountDownLatch latch = new CountDownLatch(1);
                Poll<Integer> p = pollOnce(write, Waker.of(latch::countDown));
                assertTrue(p.isPending(), "8 MiB cannot fit in 128 KiB of socket buffers");
                if (!latch.await(300, TimeUnit.MILLISECONDS)) {
                    woken = latch;
                    break;
                }
            }
            assertTrue(woken != null, "the writer never settled into a parked state");
            int parkedAt = src.position();
            assertTrue(parkedAt < payload.length / 2, "parked after " + parkedAt + " bytes");
            assertEquals(java.nio.channels.SelectionKey.OP_WRITE, clientRegistration(client).wantedOps());

            // The peer starts reading: the parked writer is woken and finishes.
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                ByteBuffer in = ByteBuffer.allocate(payload.length);
                while (in.hasRemaining()) {
                    if (blockOn(server.read(in)) < 0) {
                        break;
                    }
                }
                return in.array();
            }, r -> new Thread(r).start());
            assertTrue(woken.await(10, TimeUnit.SECONDS), "writer not woken when the peer read");
            assertEquals(payload.length, blockOn(write));
            assertArrayEquals(payload, received.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void oneReaderAndOneWriterTaskShareAStream() throws Exception {
        int size = 4 * 1024 * 1024;
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                MiniExecutor executor = new MiniExecutor()) {
            executor.spawn(new AcceptLoop(listener, executor, 1));
            TcpStream client = blockOn(reactor.connect(listener.localAddress()));
            byte[] payload = randomBytes(3, size);
            // Both directions at once on one thread: needs the read and write waiters to be separate.
            CompletableFuture<Integer> writer = executor.spawn(client.writeAll(ByteBuffer.wrap(payload)));
            ByteBuffer in = ByteBuffer.allocate(size);
            CompletableFuture<Integer> reader = executor.spawn(cx -> {
                for (;;) {
                    if (!in.hasRemaining()) {
                        return Poll.ready(in.position());
                    }
                    Poll<Integer> n = client.read(in).poll(cx);
                    if (n.isPending()) {
                        return Poll.pending();
                    }
                    if (n.get() < 0) {
                        throw new AssertionError("early EOF at " + in.position());
                    }
                }
            });
            assertEquals(size, writer.get(20, TimeUnit.SECONDS));
            assertEquals(size, reader.get(20, TimeUnit.SECONDS));
            assertArrayEquals(payload, in.array());
            client.close();
        }
    }

    @Test
    void connectRefusedFailsWithUnwrappedConnectExceptionAndClosesTheSocket() throws Exception {
        TcpListener listener = reactor.bind(anyLoopbackPort());
        java.net.InetSocketAddress closedPort = listener.localAddress();
        listener.close();
        Future<TcpStream> connect = reactor.connect(closedPort);
        assertThrows(ConnectException.class, () -> blockOn(connect));
        assertFalse(((ConnectFuture) connect).channel().isOpen());
        assertEquals(0, reactor.openSockets());
    }

    @Test
    void closingAStreamFailsItsPendingReadAndThePeerSeesEndOfStream() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept())) {
            CompletableFuture<Throwable> readFailure = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    blockOn(server.read(ByteBuffer.allocate(8)));
                    readFailure.complete(null);
                } catch (Throwable t) {
                    readFailure.complete(t);
                }
            });
            reader.start();
            eventually("read pending", () -> clientRegistration(server).wantedOps() != 0);
            server.close();
            assertTrue(readFailure.get(10, TimeUnit.SECONDS) instanceof ClosedChannelException);
            assertFalse(server.isOpen());
            assertEquals(-1, blockOn(client.read(ByteBuffer.allocate(8))));
        }
    }

    @Test
    void readinessNobodyConsumesDoesNotMakeTheReactorSpin() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()));
                TcpStream server = blockOn(listener.accept())) {
            CountDownLatch woken = new CountDownLatch(1);
            Future<Integer> read = server.read(ByteBuffer.allocate(8));
            assertTrue(pollOnce(read, Waker.of(woken::countDown)).isPending());
            blockOn(client.writeAll(ascii("unread")));
            assertTrue(woken.await(10, TimeUnit.SECONDS));
            // The socket stays readable, but nobody polls the read again: interest is one-shot, so
            // the reactor goes back to sleep instead of reporting the same readiness in a loop.
            long before = reactor.turns();
            Thread.sleep(300);
            long spins = reactor.turns() - before;
            assertTrue(spins < 5, "reactor turned " + spins + " times while idle");
            assertEquals(6, blockOn(read));
        }
    }

    @Test
    void readIntoAFullBufferCompletesWithZero() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()))) {
            assertEquals(0, blockOn(client.read(ByteBuffer.allocate(0))));
            assertEquals(0, blockOn(client.write(ByteBuffer.allocate(0))));
        }
    }

    @Test
    void pollAfterCompletionThrows() throws Exception {
        try (TcpListener listener = reactor.bind(anyLoopbackPort());
                TcpStream client = blockOn(reactor.connect(listener.localAddress()))) {
            Future<Integer> write = client.write(ascii("x"));
            assertEquals(1, blockOn(write));
            assertThrows(IllegalStateException.class, () -> pollOnce(write, Waker.noop()));
        }
    }

    /** The registration behind a stream, via its pending-operation plumbing. */
    static Registration clientRegistration(TcpStream stream) {
        return ((IoFuture<?>) stream.read(ByteBuffer.allocate(1))).registration();
    }
}
