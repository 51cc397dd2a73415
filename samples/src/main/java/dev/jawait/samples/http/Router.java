package dev.jawait.samples.http;

import dev.jawait.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Dispatches on method and exact path: 404 for an unknown path, 405 (with {@code Allow}) for a
 * known path and another method. {@code HEAD} is served by the {@code GET} route.
 */
public final class Router implements HttpHandler {
    private record Route(String method, String path, HttpHandler handler) {}

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; the first match wins. */
    public Router route(String method, String path, HttpHandler handler) {
        routes.add(new Route(method, path, handler));
        return this;
    }

    @Override
    public Future<HttpResponse> handle(HttpRequest request) {
        String method = "HEAD".equals(request.method()) ? "GET" : request.method();
        String path = request.path();
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.path.equals(path)) {
                if (r.method.equals(method)) {
                    return r.handler.handle(request);
                }
                allowed.add(r.method);
            }
        }
        if (allowed.isEmpty()) {
            return Future.ready(HttpResponse.text(404, "no such page: " + path + "\n"));
        }
        return Future.ready(HttpResponse.text(405, "method " + request.method() + " not allowed\n")
                .header("Allow", String.join(", ", allowed)));
    }
}
