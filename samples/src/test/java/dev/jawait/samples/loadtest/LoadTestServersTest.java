package dev.jawait.samples.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke test of the load-test servers: each one, on an ephemeral loopback port, answers real
 * requests over one keep-alive connection, including a 404, and the idle-connection client talks
 * to it. Speed is not tested here ({@code benchmarks/http/run.sh} measures it).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LoadTestServersTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @ParameterizedTest
    @ValueSource(strings = {"jawait-ws", "jawait-local", "completable-future", "virtual-threads"})
    void servesKeepAliveRequests(String name) throws Exception {
        if (name.equals("virtual-threads") && !VirtualThreadHttpServer.isSupported()) {
            // On JDK 17 the contender cannot exist; it must say so clearly.
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> LoadTestMain.start(name, ANY_LOOPBACK_PORT));
            assertTrue(e.getMessage().contains("JDK 21"), e.getMessage());
            return;
        }
        try (LoadTestServer server = LoadTestMain.start(name, ANY_LOOPBACK_PORT);
                Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // Two requests on one connection prove keep-alive; the second is pipelined with a third.
            out.write(get("/hello"));
            String first = readResponse(in);
            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n"), first);
            assertTrue(first.endsWith("\r\n\r\n" + HelloApp.GREETING), first);
            assertFalse(first.contains("Connection: close"), first);

            out.write(concat(get("/hello"), get("/nowhere")));
            assertTrue(readResponse(in).startsWith("HTTP/1.1 200 OK\r\n"));
            assertTrue(readResponse(in).startsWith("HTTP/1.1 404 Not Found\r\n"));

            // The client of the idle-connection measurement works against it too.
            try (SocketChannel idle = SocketChannel.open(server.address())) {
                IdleConnections.exchange(idle);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jawait-ws", "jawait-local", "completable-future", "virtual-threads"})
    void answersMalformedRequestWith400AndCloses(String name) throws Exception {
        if (name.equals("virtual-threads") && !VirtualThreadHttpServer.isSupported()) {
            return; // covered by servesKeepAliveRequests
        }
        try (LoadTestServer server = LoadTestMain.start(name, ANY_LOOPBACK_PORT);
                Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("NOT A REQUEST\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(all.startsWith("HTTP/1.1 400 Bad Request\r\n"), all);
            assertTrue(all.contains("Connection: close\r\n"), all);
        }
    }

    @Test
    void unknownServerNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LoadTestMain.start("nginx", ANY_LOOPBACK_PORT));
    }

    private static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Reads exactly one response (headers, then Content-Length bytes of body). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream inside a response: " + head);
            }
            head.write(b);
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int length = -1;
        for (String line : headText.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertTrue(length >= 0, "no Content-Length: " + headText);
        byte[] body = in.readNBytes(length);
        assertEquals(length, body.length, "short body");
        return headText + new String(body, StandardCharsets.UTF_8);
    }
}
