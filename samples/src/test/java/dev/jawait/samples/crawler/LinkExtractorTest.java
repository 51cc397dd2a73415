package dev.jawait.samples.crawler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkExtractorTest {
    private static final URI BASE = URI.create("http://example.org/docs/index.html");

    @Test
    void resolvesRelativeLinksDropsFragmentsAndKeepsOrder() {
        String html = "<p><a href=\"guide.html#top\">g</a> <A HREF='/about'>a</A>"
                + " <a class=x href=../up?q=1&amp;r=2>u</a> <a href=\"guide.html\">again</a>"
                + " <a href=\"https://other.net\">o</a></p>";
        assertEquals(List.of(
                URI.create("http://example.org/docs/guide.html"),
                URI.create("http://example.org/about"),
                URI.create("http://example.org/up?q=1&r=2"),
                URI.create("https://other.net/")),
                List.copyOf(LinkExtractor.links(html, BASE)));
    }

    @Test
    void ignoresNonHttpAndBrokenLinks() {
        String html = "<a href=\"mailto:a@b\">m</a><a href=\"javascript:void(0)\">j</a>"
                + "<a href=\"#frag\">f</a><a href=\"http://bad host/\">b</a><a name=\"x\">n</a><link href=\"/css\">";
        assertEquals(List.of(), List.copyOf(LinkExtractor.links(html, BASE)));
    }
}
