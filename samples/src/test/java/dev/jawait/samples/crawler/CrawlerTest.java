package dev.jawait.samples.crawler;

import static dev.jawait.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.samples.http.DemoSite;
import dev.jawait.samples.http.HttpLimits;
import dev.jawait.samples.http.HttpResponse;
import dev.jawait.samples.http.HttpServer;
import dev.jawait.samples.http.Router;
import dev.jawait.time.Timer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The crawler against the sample server on loopback. */
@Timeout(30)
class CrawlerTest {

    private static HttpServer start(LocalExecutor executor, Router router) throws Exception {
        HttpServer server = HttpServer.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), router,
                executor, HttpLimits.DEFAULT, Duration.ofSeconds(5));
        executor.spawn(server.serve());
        return server;
    }

    @Test
    void crawlsTheDemoSiteRecordingBrokenAndSlowPages() throws Exception {
        try (LocalExecutor executor = LocalExecutor.startOnNewThread("crawl-test");
                HttpServer server = start(executor, DemoSite.router())) {
            URI seed = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
            Crawler crawler = new Crawler(HttpClient.newHttpClient(), new CrawlLimits(20, 3, 3, Duration.ofMillis(300), true));
            List<Frontier.PageResult> pages = crawler.crawl(seed).get(20, TimeUnit.SECONDS);
            Map<String, String> byPath = pages.stream().collect(Collectors.toMap(
                    p -> p.uri().getPath() + (p.uri().getQuery() == null ? "" : "?" + p.uri().getQuery()),
                    p -> p.succeeded() ? String.valueOf(p.status()) : p.failure()));
            assertEquals("200", byPath.get("/"));
            assertEquals("200", byPath.get("/docs/api"));
            assertEquals("404", byPath.get("/docs/missing"));
            assertTrue(byPath.get("/docs/slow").startsWith("HttpTimeoutException"), byPath.toString());
            assertEquals(7, pages.size(), byPath.toString());
        }
    }

    /** A page that takes 50 ms, counting how many requests are being served at once. */
    @Async
    static Future<HttpResponse> countedLeaf(AtomicInteger inFlight, AtomicInteger maxSeen) {
        maxSeen.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            await(Timer.system().sleep(Duration.ofMillis(50)));
        } finally {
            inFlight.decrementAndGet();
        }
        return Future.ready(HttpResponse.html(200, "leaf"));
    }

    @Test
    void neverHasMoreRequestsInFlightThanTheLimit() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        Router router = new Router();
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            links.append("<a href=\"/p").append(i).append("\">p</a>");
            router.route("GET", "/p" + i, r -> countedLeaf(inFlight, maxSeen));
        }
        router.route("GET", "/", r -> Future.ready(HttpResponse.html(200, links.toString())));
        try (LocalExecutor executor = LocalExecutor.startOnNewThread("crawl-limit-test");
                HttpServer server = start(executor, router)) {
            URI seed = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
            List<Frontier.PageResult> pages = new Crawler(HttpClient.newHttpClient(),
                    new CrawlLimits(100, 1, 3, Duration.ofSeconds(5), true)).crawl(seed).get(20, TimeUnit.SECONDS);
            assertEquals(13, pages.size());
            assertTrue(pages.stream().allMatch(Frontier.PageResult::succeeded), pages.toString());
            assertTrue(maxSeen.get() <= 3, "at most 3 in flight, saw " + maxSeen.get());
            assertTrue(maxSeen.get() >= 2, "requests did overlap: " + maxSeen.get());
        }
    }
}
