package dev.jawait.samples.http;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.time.Timer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The pages the sample server serves: a home page, a few linked pages for the crawler (one link
 * is broken, one page answers only after {@link #SLOW_PAGE_DELAY}, so that a client's timeout
 * shows), {@code /hello?name=} and {@code POST /echo}.
 */
public final class DemoSite {
    /** How long {@code /docs/slow} takes to answer. */
    public static final Duration SLOW_PAGE_DELAY = Duration.ofSeconds(2);

    private DemoSite() {}

    /** The site's router. */
    public static Router router() {
        return new Router()
                .route("GET", "/", r -> page("home", "/docs/intro", "/docs/guide", "/hello?name=crawler"))
                .route("GET", "/docs/intro", r -> page("intro", "/docs/guide", "/"))
                .route("GET", "/docs/guide", r -> page("guide", "/docs/api", "/docs/missing", "/docs/slow"))
                .route("GET", "/docs/api", r -> page("api", "/", "mailto:team@example.org"))
                .route("GET", "/docs/slow", DemoSite::slowPage)
                .route("GET", "/hello", DemoSite::hello)
                .route("POST", "/echo", r -> Future.ready(
                        HttpResponse.bytes(200, r.body()).header("Content-Type",
                                r.header("Content-Type").orElse("application/octet-stream"))));
    }

    /** Answers after {@link #SLOW_PAGE_DELAY}, without holding a thread meanwhile. */
    @Async
    private static Future<HttpResponse> slowPage(HttpRequest request) {
        await(Timer.system().sleep(SLOW_PAGE_DELAY));
        return Future.ready(HttpResponse.text(200, "sorry for the wait\n"));
    }

    private static Future<HttpResponse> hello(HttpRequest request) {
        String name = "world";
        for (String pair : request.query().split("&")) {
            if (pair.startsWith("name=")) {
                name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        return Future.ready(HttpResponse.text(200, "hello, " + name + "\n"));
    }

    private static Future<HttpResponse> page(String title, String... links) {
        StringBuilder html = new StringBuilder("<!doctype html><title>").append(title).append("</title><h1>")
                .append(title).append("</h1><ul>");
        for (String link : links) {
            html.append("<li><a href=\"").append(link).append("\">").append(link).append("</a></li>");
        }
        return Future.ready(HttpResponse.html(200, html.append("</ul>").toString()));
    }
}
