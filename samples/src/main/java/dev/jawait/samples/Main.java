package dev.jawait.samples;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.net.TcpStream;
import dev.jawait.samples.crawler.CrawlLimits;
import dev.jawait.samples.crawler.Crawler;
import dev.jawait.samples.crawler.Frontier;
import dev.jawait.samples.echo.EchoServer;
import dev.jawait.samples.http.DemoSite;
import dev.jawait.samples.http.HttpLimits;
import dev.jawait.samples.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sample program: starts the HTTP server on a free loopback port, talks to it the way real
 * clients do (the JDK's HttpClient, a pipelining client, a broken client), crawls it, runs an echo
 * round trip, and prints what happened.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        try (LocalExecutor executor = LocalExecutor.startOnNewThread("jawait-samples");
                HttpServer server = HttpServer.bind(loopback, DemoSite.router(), executor,
                        HttpLimits.DEFAULT, Duration.ofSeconds(5));
                EchoServer echo = EchoServer.bind(loopback, executor, Duration.ofSeconds(5))) {
            executor.spawn(server.serve());
            executor.spawn(echo.serve());
            String base = "http://127.0.0.1:" + server.address().getPort();
            System.out.println("jawait HTTP server listening on " + base);

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> hello = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/hello?name=jawait")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println("GET /hello?name=jawait -> " + hello.statusCode() + " " + hello.body().strip());
            HttpResponse<String> echoed = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/echo"))
                            .POST(HttpRequest.BodyPublishers.ofString("ping over HTTP")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println("POST /echo -> " + echoed.statusCode() + " " + echoed.body());

            String pipelined = Await.blockOn(exchange(server.address(),
                    "GET /hello?name=first HTTP/1.1\r\nHost: demo\r\n\r\n"
                            + "GET /hello?name=second HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n"));
            System.out.println("two pipelined requests -> " + summarize(pipelined));
            String malformed = Await.blockOn(exchange(server.address(), "GET /a b c HTTP/1.1\r\n\r\n"));
            System.out.println("malformed request -> " + summarize(malformed));

            Crawler crawler = new Crawler(client, new CrawlLimits(20, 3, 3, Duration.ofMillis(500), true));
            List<Frontier.PageResult> pages = crawler.crawl(URI.create(base + "/")).get(30, TimeUnit.SECONDS);
            System.out.println("crawled " + pages.size() + " pages, 3 at a time:");
            pages.forEach(p -> System.out.println("  " + p));

            String echoReply = Await.blockOn(exchange(echo.address(), "hello, echo\n"));
            System.out.println("echo server -> " + echoReply.strip());
        }
        System.out.println("done");
    }

    /** Sends {@code request} on a new connection, half-closes, and returns everything received. */
    @Async
    static Future<String> exchange(InetSocketAddress address, String request) throws java.io.IOException {
        TcpStream stream = await(TcpStream.connect(address, Duration.ofSeconds(2)));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            await(stream.writeAll(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1))));
            stream.shutdownOutput();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (true) {
                buf.clear();
                int n = await(stream.read(buf, Duration.ofSeconds(5)));
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

    /** The status lines and bodies of the responses in {@code raw}, on one line. */
    private static String summarize(String raw) {
        StringBuilder out = new StringBuilder();
        for (String response : raw.split("(?=HTTP/1\\.1 )")) {
            if (response.isBlank()) {
                continue;
            }
            String status = response.substring(0, response.indexOf("\r\n"));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4).strip();
            out.append(out.length() == 0 ? "" : " | ").append(status).append(": ").append(body);
        }
        return out.toString();
    }
}
