package dev.jawait.samples.loadtest;

import dev.jawait.Future;
import dev.jawait.samples.http.HttpHandler;
import dev.jawait.samples.http.HttpRequest;
import dev.jawait.samples.http.HttpResponse;

/**
 * The application every load-test server serves, so that only the I/O model differs between them:
 * {@code GET /hello} answers {@code 200 hello, world}, anything else {@code 404}. It never blocks
 * and never suspends, so the load test measures connection handling, not the application.
 */
public final class HelloApp {
    /** The body of {@code GET /hello}. */
    public static final String GREETING = "hello, world\n";

    private HelloApp() {}

    /** The response to {@code request}, computed synchronously. */
    public static HttpResponse respond(HttpRequest request) {
        boolean get = "GET".equals(request.method()) || "HEAD".equals(request.method());
        if (get && "/hello".equals(request.path())) {
            return HttpResponse.text(200, GREETING);
        }
        return HttpResponse.text(404, "not found\n");
    }

    /** {@link #respond} as a jawait handler (an already-complete future). */
    public static HttpHandler handler() {
        return request -> Future.ready(respond(request));
    }
}
