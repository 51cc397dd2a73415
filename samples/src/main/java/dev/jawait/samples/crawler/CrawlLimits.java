package dev.jawait.samples.crawler;

import java.time.Duration;

/**
 * How far and how hard a crawl may go.
 *
 * @param maxPages       pages fetched at most
 * @param maxDepth       link distance from the seed (the seed is depth 0)
 * @param maxConcurrency requests in flight at once
 * @param requestTimeout time limit of each request
 * @param sameHostOnly   whether to follow only links to the seed's host and port
 */
public record CrawlLimits(int maxPages, int maxDepth, int maxConcurrency, Duration requestTimeout, boolean sameHostOnly) {
    public CrawlLimits {
        if (maxPages < 1 || maxDepth < 0 || maxConcurrency < 1 || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("invalid crawl limits");
        }
    }
}
