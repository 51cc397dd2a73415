package dev.jawait.samples.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRequestParserTest {

    /** Feeds {@code text} in chunks of {@code chunk} bytes and collects every request. */
    static List<HttpRequest> feed(HttpRequestParser parser, String text, int chunk) throws HttpParseException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        List<HttpRequest> out = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            ByteBuffer b = parser.readBuffer();
            int n = Math.min(Math.min(chunk, b.remaining()), bytes.length - i);
            b.put(bytes, i, n);
            i += n;
            HttpRequest r;
            while ((r = parser.next()) != null) {
                out.add(r);
            }
        }
        return out;
    }

    static HttpRequest parseOne(String text) throws HttpParseException {
        List<HttpRequest> all = feed(new HttpRequestParser(HttpLimits.DEFAULT), text, Integer.MAX_VALUE);
        assertEquals(1, all.size());
        return all.get(0);
    }

    static int statusOf(HttpLimits limits, String text) {
        return assertThrows(HttpParseException.class,
                () -> feed(new HttpRequestParser(limits), text, Integer.MAX_VALUE)).status();
    }

    @Test
    void parsesASimpleGet() throws Exception {
        HttpRequest r = parseOne("GET /search?q=jawait HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n");
        assertEquals("GET", r.method());
        assertEquals("/search", r.path());
        assertEquals("q=jawait", r.query());
        assertEquals("HTTP/1.1", r.version());
        assertEquals("example", r.header("host").orElseThrow());
        assertEquals("*/*", r.header("ACCEPT").orElseThrow());
        assertEquals(0, r.body().length);
        assertTrue(r.keepAlive());
    }

    @Test
    void parsesABodyArrivingOneByteAtATime() throws Exception {
        String body = "x".repeat(10_000);
        List<HttpRequest> all = feed(new HttpRequestParser(HttpLimits.DEFAULT),
                "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10000\r\n\r\n" + body, 1);
        assertEquals(1, all.size());
        assertEquals(body, all.get(0).bodyText());
    }

    @Test
    void returnsPipelinedRequestsInOrderWhateverTheChunking() throws Exception {
        String three = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
        for (int chunk : new int[] {1, 2, 3, 7, 50, 4096}) {
            List<HttpRequest> all = feed(new HttpRequestParser(HttpLimits.DEFAULT), three, chunk);
            assertEquals(List.of("/1", "/2", "/3"), all.stream().map(HttpRequest::target).toList(), "chunk " + chunk);
            assertEquals("hello", all.get(1).bodyText());
            assertFalse(all.get(2).keepAlive());
        }
    }

    @Test
    void acceptsBareLineFeedsAndIgnoresLeadingEmptyLines() throws Exception {
        HttpRequest r = parseOne("\r\n\nGET / HTTP/1.0\nX-A:  padded value \t\n\n");
        assertEquals("padded value", r.header("x-a").orElseThrow());
        assertFalse(r.keepAlive(), "HTTP/1.0 closes by default");
    }

    @Test
    void keepAliveFollowsTheVersionAndConnectionHeader() throws Exception {
        assertTrue(parseOne("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive());
        assertFalse(parseOne("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade, close\r\n\r\n").keepAlive());
    }

    @Test
    void largeBodiesGrowTheBufferUpToTheLimit() throws Exception {
        byte[] body = new byte[300_000];
        java.util.Arrays.fill(body, (byte) 'b');
        HttpRequestParser parser = new HttpRequestParser(HttpLimits.DEFAULT);
        List<HttpRequest> all = feed(parser,
                "PUT /blob HTTP/1.1\r\nHost: h\r\nContent-Length: 300000\r\n\r\n"
                        + new String(body, StandardCharsets.ISO_8859_1) + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n",
                8192);
        assertEquals(2, all.size());
        assertArrayEquals(body, all.get(0).body());
        assertTrue(parser.isIdle());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "400|GET  / HTTP/1.1",
        "400|GET / HTTP/1.1 extra",
        "400|GET /",
        "400|G(T / HTTP/1.1",
        "400|GET nopath HTTP/1.1",
        "400|GET / HTTP/x",
        "505|GET / HTTP/2.0",
        "400|GET / HTTP/1.1\\r\\nHost: h\\r\\nBad Name: v",
        "400|GET / HTTP/1.1\\r\\nHost: h\\r\\nName : v",
        "400|GET / HTTP/1.1\\r\\nHost: h\\r\\nNoColon",
        "400|GET / HTTP/1.1\\r\\nHost: h\\r\\nA: b\\r\\n folded",
        "400|GET / HTTP/1.1\\r\\nHost: h\\r\\nA: b\u0001c",
        "400|GET / HTTP/1.1\\r\\nHost: h\\r\\nA: b\\rc",
        "400|GET / HTTP/1.1\\r\\nA: b",
        "400|GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b",
        "400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: -1",
        "400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1x",
        "400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nContent-Length: 4",
        "400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked",
        "501|POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked",
    })
    void rejectsMalformedRequests(int status, String head) {
        assertEquals(status, statusOf(HttpLimits.DEFAULT, head.replace("\\r\\n", "\r\n").replace("\\r", "\r") + "\r\n\r\n"));
    }

    @Test
    void enforcesTheSizeLimits() {
        HttpLimits small = new HttpLimits(64, 256, 4, 100);
        assertEquals(414, statusOf(small, "GET /" + "a".repeat(100)));
        assertEquals(414, statusOf(small, "GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(431, statusOf(small, "GET / HTTP/1.1\r\nHost: h\r\nX: " + "v".repeat(300)));
        assertEquals(431, statusOf(small, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"));
        assertEquals(413, statusOf(small, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n"));
        assertEquals(413, statusOf(small, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999\r\n\r\n"));
    }

    @Test
    void anIncompleteRequestWaitsAndTheParserIsNotIdle() throws Exception {
        HttpRequestParser parser = new HttpRequestParser(HttpLimits.DEFAULT);
        assertTrue(parser.isIdle());
        assertTrue(feed(parser, "GET / HTTP/1.1\r\nHost: h\r\n", 100).isEmpty());
        assertFalse(parser.isIdle());
        assertNull(parser.next());
    }

    @Test
    void theParserRefusesToContinueAfterAnError() {
        HttpRequestParser parser = new HttpRequestParser(HttpLimits.DEFAULT);
        assertThrows(HttpParseException.class, () -> feed(parser, "BAD\r\n\r\n", 100));
        assertThrows(IllegalStateException.class, parser::next);
    }
}
