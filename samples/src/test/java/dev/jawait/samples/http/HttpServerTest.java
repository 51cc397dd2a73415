package dev.jawait.samples.http;

import static dev.jawait.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Async;
import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.net.TcpStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server over real loopback sockets, driven by the JDK's HttpClient and by raw clients. */
@Timeout(30)
class HttpServerTest {
    private LocalExecutor executor;
    private HttpServer server;
    private String base;

    @BeforeEach
    void startExecutor() {
        executor = LocalExecutor.startOnNewThread("http-test");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        executor.close();
    }

    /**
     * Starts the server. The idle timeout matters: a server may close an idle keep-alive
     * connection just as a client reuses it, so tests with pooled clients use a generous one.
     */
    private void startServer(Duration idleTimeout) throws Exception {
        server = HttpServer.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), DemoSite.router(),
                executor, new HttpLimits(1024, 2048, 20, 64 * 1024), idleTimeout);
        executor.spawn(server.serve());
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @Async
    static Future<String> exchange(InetSocketAddress address, String request, boolean halfClose) throws IOException {
        TcpStream stream = await(TcpStream.connect(address, Duration.ofSeconds(5)));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            await(stream.writeAll(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1))));
            if (halfClose) {
                stream.shutdownOutput();
            }
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (true) {
                buf.clear();
                int n = await(stream.read(buf, Duration.ofSeconds(10)));
                if (n < 0) {
                    break;
                }
                received.write(buf.array(), 0, n);
            }
        } finally {
            stream.close();
        }
        return Future.ready(received.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void servesConcurrentKeepAliveClients() throws Exception {
        startServer(Duration.ofSeconds(20));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/hello?name=c" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = responses.get(i).get(20, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("hello, c" + i + "\n", r.body());
        }
        // One at a time now: each request reuses a pooled keep-alive connection.
        long connectionsBefore = server.connections();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> posted = client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(50_000) + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("x".repeat(50_000) + i, posted.body());
        }
        long opened = server.connections() - connectionsBefore;
        assertTrue(opened <= 1, "five sequential requests opened " + opened + " connections");
    }

    @Test
    void pipelinedResponsesComeBackInOrder() throws Exception {
        startServer(Duration.ofSeconds(5));
        String raw = Await.blockOn(exchange(server.address(),
                "GET /hello?name=1 HTTP/1.1\r\nHost: h\r\n\r\nGET /missing HTTP/1.1\r\nHost: h\r\n\r\n"
                        + "GET /hello?name=3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", false));
        int first = raw.indexOf("hello, 1");
        int second = raw.indexOf("404 Not Found");
        int third = raw.indexOf("hello, 3");
        assertTrue(first > 0 && second > first && third > second, raw);
    }

    @Test
    void malformedAndOversizedRequestsGetTheirStatusAndAClose() throws Exception {
        startServer(Duration.ofSeconds(5));
        assertTrue(Await.blockOn(exchange(server.address(), "GET /a b HTTP/1.1\r\n\r\n", false))
                .startsWith("HTTP/1.1 400 Bad Request\r\n"));
        assertTrue(Await.blockOn(exchange(server.address(), "GET / HTTP/1.1\r\nHost: h\r\nX: " + "v".repeat(3000) + "\r\n\r\n", false))
                .startsWith("HTTP/1.1 431 "));
        assertTrue(Await.blockOn(exchange(server.address(), "GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", false))
                .startsWith("HTTP/1.1 501 "));
    }

    @Test
    void aStalledRequestGets408AndAnIdleConnectionIsClosed() throws Exception {
        startServer(Duration.ofMillis(300));
        // Without half-close: only the server's timeout can end these exchanges.
        assertTrue(Await.blockOn(exchange(server.address(), "GET / HTTP/1.1\r\nHo", false)).startsWith("HTTP/1.1 408 "));
        assertEquals("", Await.blockOn(exchange(server.address(), "", false)));
    }
}
