package dev.jawait.samples.crawler;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The bookkeeping of a breadth-first crawl, without I/O: which pages to fetch next, how many are in
 * flight, what came back. The async glue asks {@link #canStart()} / {@link #start()} to fill its
 * window of requests, awaits any of them, and reports each outcome with {@link #fetched} or
 * {@link #failed}; the crawl is over when {@link #isDone()}.
 */
public final class Frontier {
    /** A page to fetch and how far it is from the seed. */
    public record Target(URI uri, int depth) {}

    /** The outcome of one page: a status and its link count, or the failure. */
    public record PageResult(URI uri, int depth, int status, int links, String failure) {
        public boolean succeeded() {
            return failure == null;
        }

        @Override
        public String toString() {
            return (failure == null ? status + " " : "FAILED ") + uri + " (depth " + depth
                    + (failure == null ? ", " + links + " links)" : ": " + failure + ")");
        }
    }

    private final CrawlLimits limits;
    private final URI seed;
    private final ArrayDeque<Target> queue = new ArrayDeque<>();
    private final Set<URI> seen = new HashSet<>();
    private final List<PageResult> results = new ArrayList<>();
    private int inFlight;
    private int started;

    public Frontier(URI seed, CrawlLimits limits) {
        this.seed = Objects.requireNonNull(seed, "seed");
        this.limits = limits;
        seen.add(seed);
        queue.add(new Target(seed, 0));
    }

    /** Whether another request may start now (work queued, window not full, page budget left). */
    public boolean canStart() {
        return !queue.isEmpty() && inFlight < limits.maxConcurrency() && started < limits.maxPages();
    }

    /** Takes the next page to fetch; call only if {@link #canStart()}. */
    public Target start() {
        if (!canStart()) {
            throw new IllegalStateException("nothing may start now");
        }
        inFlight++;
        started++;
        return queue.poll();
    }

    /** Records a fetched page and queues its new links (within depth and host limits). */
    public void fetched(Target target, int status, String body) {
        finish();
        List<URI> links = new ArrayList<>(LinkExtractor.links(body, target.uri()));
        results.add(new PageResult(target.uri(), target.depth(), status, links.size(), null));
        if (status / 100 != 2 || target.depth() >= limits.maxDepth()) {
            return;
        }
        for (URI link : links) {
            if (limits.sameHostOnly() && !sameOrigin(link, seed)) {
                continue;
            }
            if (seen.add(link)) {
                queue.add(new Target(link, target.depth() + 1));
            }
        }
    }

    /** Records a page that could not be fetched (timeout, refused, ...). */
    public void failed(Target target, Throwable failure) {
        finish();
        results.add(new PageResult(target.uri(), target.depth(), 0, 0,
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage())));
    }

    /** Requests in flight. */
    public int inFlight() {
        return inFlight;
    }

    /** Whether nothing is in flight and nothing more may start. */
    public boolean isDone() {
        return inFlight == 0 && !canStart();
    }

    /** The outcomes so far, in completion order. */
    public List<PageResult> results() {
        return List.copyOf(results);
    }

    private void finish() {
        if (inFlight == 0) {
            throw new IllegalStateException("no request in flight");
        }
        inFlight--;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
