package dev.jawait.samples.crawler;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A breadth-first crawler over {@link HttpClient}: it keeps up to {@code maxConcurrency} requests
 * in flight, awaits whichever finishes first, and feeds the {@link Frontier}. Every request has a
 * timeout; a page that fails or times out is recorded, not fatal.
 *
 * <p>Shows the eager form: the method returns a {@link CompletableFuture} like any Java API, and
 * awaits the JDK's own {@code CompletableFuture}s.
 */
public final class Crawler {
    private final HttpClient client;
    private final CrawlLimits limits;

    public Crawler(HttpClient client, CrawlLimits limits) {
        this.client = client;
        this.limits = limits;
    }

    /** Crawls from {@code seed}; completes with every page's outcome, in completion order. */
    @Async
    public CompletableFuture<List<Frontier.PageResult>> crawl(URI seed) {
        Frontier frontier = new Frontier(seed, limits);
        Map<CompletableFuture<HttpResponse<String>>, Frontier.Target> inFlight = new IdentityHashMap<>();
        while (!frontier.isDone()) {
            while (frontier.canStart()) {
                Frontier.Target target = frontier.start();
                inFlight.put(client.sendAsync(request(target.uri()), HttpResponse.BodyHandlers.ofString()), target);
            }
            // Wait for the first to finish, success or not (anyOf would rethrow a failure).
            await(CompletableFuture.anyOf(inFlight.keySet().toArray(new CompletableFuture<?>[0]))
                    .handle((ignored, failure) -> null));
            List<CompletableFuture<HttpResponse<String>>> finished = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : inFlight.keySet()) {
                if (f.isDone()) {
                    finished.add(f);
                }
            }
            for (CompletableFuture<HttpResponse<String>> f : finished) {
                Frontier.Target target = inFlight.remove(f);
                try {
                    HttpResponse<String> response = await(f, IOException.class);
                    frontier.fetched(target, response.statusCode(), response.body());
                } catch (IOException failure) {
                    frontier.failed(target, failure); // includes HttpTimeoutException
                }
            }
        }
        return CompletableFuture.completedFuture(frontier.results());
    }

    private HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(limits.requestTimeout()).GET().build();
    }
}
