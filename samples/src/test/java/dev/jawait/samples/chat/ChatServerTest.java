package dev.jawait.samples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.executor.LocalExecutor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat server driven by plain blocking sockets, as a telnet user would. */
@Timeout(30)
class ChatServerTest {
    /** Lines the talker of the slow-client test may have sent and not read back yet. */
    private static final int WINDOW = 64;

    static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final PrintWriter out;

        Client(InetSocketAddress address) throws Exception {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        /**
         * Connects and waits until the server has named this client {@code guest}. Clients connect
         * one after the other: sessions accepted together may start in any order (a task spawned
         * by a running task runs before the ones spawned earlier), and so take names in any order.
         */
        static Client joined(InetSocketAddress address, String guest) throws Exception {
            Client c = new Client(address);
            c.expect("* " + guest + " joined lobby");
            return c;
        }

        /** Reads lines until one equals {@code expected}; fails at end of stream or timeout. */
        void expect(String expected) throws Exception {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals(expected)) {
                    return;
                }
            }
            throw new AssertionError("end of stream before: " + expected);
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void membersTalkInRoomsAndLeaveCleanly() throws Exception {
        try (LocalExecutor executor = LocalExecutor.startOnNewThread("chat-test");
                ChatServer server = ChatServer.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                        executor, Duration.ofSeconds(5))) {
            executor.spawn(server.serve());
            try (Client ann = Client.joined(server.address(), "guest1");
                    Client bob = Client.joined(server.address(), "guest2")) {
                ann.out.println("/nick ann");
                ann.expect("* guest1 is now ann");
                bob.out.println("/nick bob");
                ann.expect("* guest2 is now bob");
                ann.out.println("hello bob");
                bob.expect("<ann> hello bob");
                bob.out.println("/join java");
                bob.expect("* bob joined java");
                ann.expect("* bob left lobby");
                bob.out.println("/quit");
                bob.expect("* bye");
                assertEquals(null, bob.in.readLine(), "the server closes after /quit");
            }
            for (int i = 0; i < 200 && !server.rooms().isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertEquals(Map.of(), server.rooms(), "everyone left");
        }
    }

    @Test
    void aClientThatNeverReadsIsDisconnectedAndOthersKeepTalking() throws Exception {
        try (LocalExecutor executor = LocalExecutor.startOnNewThread("chat-slow-test");
                ChatServer server = ChatServer.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                        executor, Duration.ofMillis(500))) {
            executor.spawn(server.serve());
            try (Client talker = Client.joined(server.address(), "guest1");
                    Client sleeper = Client.joined(server.address(), "guest2")) {
                sleeper.socket.setReceiveBufferSize(4096);
                talker.expect("* guest2 joined lobby");
                String text = "x".repeat(900);
                byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
                String echo = "<guest1> " + text;
                OutputStream raw = talker.socket.getOutputStream();
                AtomicInteger echoes = new AtomicInteger();
                // Far more than the sleeper's socket buffers plus its outbox can hold. The talker
                // reads its own messages meanwhile and keeps at most WINDOW of them unread, as a
                // client with flow control would: the server drops whoever lets its outbox fill,
                // the talker too, if this thread were starved of the CPU while the pump went on.
                Thread pump = new Thread(() -> {
                    try {
                        for (int i = 0; i < 3000; i++) {
                            while (i - echoes.get() > WINDOW) {
                                Thread.sleep(1);
                            }
                            raw.write(line);
                        }
                        raw.write("still here\n".getBytes(StandardCharsets.UTF_8));
                        raw.flush();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the test failed and gave up on it
                    }
                });
                pump.setDaemon(true);
                pump.start();
                boolean sleeperLeft = false;
                try {
                    for (String got = talker.in.readLine(); !"<guest1> still here".equals(got); got = talker.in.readLine()) {
                        assertNotNull(got, "the talker was disconnected");
                        if (got.equals(echo)) {
                            echoes.incrementAndGet();
                        } else if (got.equals("* guest2 left lobby")) {
                            sleeperLeft = true;
                        }
                    }
                } finally {
                    pump.interrupt();
                }
                pump.join();
                assertTrue(sleeperLeft, "the sleeper was disconnected");
                assertEquals(3000, echoes.get(), "the talker got every one of its lines back");
                assertEquals(Map.of("lobby", List.of("guest1")), server.rooms());
            }
        }
    }
}
