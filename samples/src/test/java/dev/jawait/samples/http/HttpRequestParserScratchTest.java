package dev.jawait.samples.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser reading through a lent scratch buffer, as the jawait server uses it. */
@Timeout(10)
class HttpRequestParserScratchTest {
    private static final String PIPELINED = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            + "GET /c HTTP/1.1\r\nHost: x\r\n\r\n";

    /**
     * Feeds {@code text} in chunks, each through the same scratch buffer, which is scribbled over
     * after every release (as the next connection on the thread would): requests must not depend on
     * it. Checks after every release that the parser keeps exactly the unconsumed bytes.
     */
    static List<HttpRequest> feedThroughScratch(HttpRequestParser parser, String text, int chunk)
            throws HttpParseException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer scratch = ByteBuffer.allocate(ScratchBuffers.SIZE);
        List<HttpRequest> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) {
            String piece = text.substring(i, Math.min(i + chunk, bytes.length));
            parser.useScratch(scratch);
            out.addAll(HttpRequestParserTest.feed(parser, piece, piece.length()));
            parser.releaseScratch();
            Arrays.fill(scratch.array(), (byte) 'Z');
            int unconsumed = Math.min(i + chunk, bytes.length) - (out.isEmpty() ? 0 : endOf(bytes, out.size()));
            if (unconsumed == 0) {
                assertEquals(0, parser.heldCapacity(), "nothing held between requests");
                assertTrue(parser.isIdle());
            } else if (unconsumed < ScratchBuffers.SIZE) {
                assertEquals(unconsumed, parser.heldCapacity(), "exactly the unconsumed bytes");
            }
        }
        return out;
    }

    /** Where the {@code k}-th request of {@link #PIPELINED}-like input ends (by counting requests). */
    private static int endOf(byte[] bytes, int k) {
        HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
        int fed = 0;
        int found = 0;
        while (fed < bytes.length) {
            p.readBuffer().put(bytes[fed++]);
            try {
                if (p.next() != null && ++found == k) {
                    return fed;
                }
            } catch (HttpParseException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("request " + k + " not found");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 30, 100, 4096})
    void pipelinedRequestsSurviveReleasesBetweenChunks(int chunk) throws Exception {
        List<HttpRequest> got = feedThroughScratch(new HttpRequestParser(HttpLimits.DEFAULT), PIPELINED, chunk);
        assertEquals(List.of("/a", "/b", "/c"), got.stream().map(HttpRequest::target).toList());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), got.get(1).body());
        assertEquals(0, got.get(2).body().length);
    }

    @Test
    void aBodyLargerThanTheScratchBufferGrowsIntoTheParsersOwnAndIsDroppedAfterwards() throws Exception {
        byte[] body = new byte[10_000];
        Arrays.fill(body, (byte) 'b');
        String text = "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n"
                + new String(body, StandardCharsets.ISO_8859_1) + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n";
        HttpRequestParser parser = new HttpRequestParser(HttpLimits.DEFAULT);
        List<HttpRequest> got = feedThroughScratch(parser, text, 3000);
        assertEquals(List.of("/big", "/after"), got.stream().map(HttpRequest::target).toList());
        assertArrayEquals(body, got.get(0).body());
        assertEquals(0, parser.heldCapacity(), "the grown buffer is not kept once the requests are done");
    }
}
