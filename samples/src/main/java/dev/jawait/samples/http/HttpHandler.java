package dev.jawait.samples.http;

import dev.jawait.Future;

/** Computes the response to a request; may suspend (an {@code @Async} method is a fine handler). */
@FunctionalInterface
public interface HttpHandler {
    Future<HttpResponse> handle(HttpRequest request);
}
