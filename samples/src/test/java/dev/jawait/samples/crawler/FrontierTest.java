package dev.jawait.samples.crawler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrontierTest {
    private static final URI SEED = URI.create("http://site/");

    private static CrawlLimits limits(int pages, int depth, int concurrency) {
        return new CrawlLimits(pages, depth, concurrency, Duration.ofSeconds(1), true);
    }

    private static String linksTo(String... paths) {
        StringBuilder b = new StringBuilder();
        for (String p : paths) {
            b.append("<a href=\"").append(p).append("\">x</a>");
        }
        return b.toString();
    }

    @Test
    void neverHasMoreThanTheConcurrencyLimitInFlight() {
        Frontier f = new Frontier(SEED, limits(100, 3, 2));
        Frontier.Target seed = f.start();
        assertFalse(f.canStart(), "nothing else known yet");
        f.fetched(seed, 200, linksTo("/a", "/b", "/c", "http://elsewhere/x"));
        Frontier.Target a = f.start();
        Frontier.Target b = f.start();
        assertEquals(2, f.inFlight());
        assertFalse(f.canStart(), "window full");
        assertThrows(IllegalStateException.class, f::start);
        f.fetched(a, 200, linksTo("/", "/b", "/d")); // already-seen links are not queued again
        assertTrue(f.canStart());
        assertEquals(URI.create("http://site/c"), f.start().uri());
        assertFalse(f.canStart(), "window full again");
        f.failed(b, new HttpTimeoutException("request timed out"));
        assertEquals(URI.create("http://site/d"), f.start().uri());
        assertEquals(2, f.inFlight());
        assertEquals("FAILED http://site/b (depth 1: HttpTimeoutException: request timed out)",
                f.results().get(2).toString());
        assertFalse(f.isDone());
    }

    @Test
    void stopsAtTheDepthAndPageLimits() {
        Frontier deep = new Frontier(SEED, limits(100, 1, 4));
        Frontier.Target seed = deep.start();
        deep.fetched(seed, 200, linksTo("/1"));
        Frontier.Target one = deep.start();
        deep.fetched(one, 200, linksTo("/2"));
        assertTrue(deep.isDone(), "/2 is at depth 2");

        Frontier few = new Frontier(SEED, limits(2, 5, 4));
        few.fetched(few.start(), 200, linksTo("/1", "/2", "/3"));
        Frontier.Target second = few.start();
        assertFalse(few.canStart(), "page budget spent");
        few.fetched(second, 200, "");
        assertTrue(few.isDone());
        assertEquals(2, few.results().size());
    }

    @Test
    void errorPagesAreRecordedButNotFollowed() {
        Frontier f = new Frontier(SEED, limits(10, 3, 1));
        f.fetched(f.start(), 404, linksTo("/a"));
        assertTrue(f.isDone());
        List<Frontier.PageResult> results = f.results();
        assertEquals(404, results.get(0).status());
        assertEquals(1, results.get(0).links());
    }
}
