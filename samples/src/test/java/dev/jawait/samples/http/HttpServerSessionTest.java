package dev.jawait.samples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.samples.http.HttpServerSession.Kind;
import dev.jawait.samples.http.HttpServerSession.Step;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Drives a session exactly as the async glue does, with bytes instead of a socket. */
class HttpServerSessionTest {
    private final Router router = new Router()
            .route("GET", "/", r -> dev.jawait.Future.ready(HttpResponse.text(200, "home\n")))
            .route("POST", "/echo", r -> dev.jawait.Future.ready(HttpResponse.text(200, r.bodyText())));

    /** Runs the session over {@code input}; returns everything it would have written. */
    private String converse(String input, boolean endOfStream) {
        HttpServerSession session = new HttpServerSession(HttpLimits.DEFAULT);
        byte[] in = input.getBytes(StandardCharsets.ISO_8859_1);
        int offset = 0;
        StringBuilder out = new StringBuilder();
        for (int guard = 0; guard < 10_000; guard++) {
            Step step = session.next();
            switch (step.kind()) {
                case READ -> {
                    if (offset == in.length) {
                        if (!endOfStream) {
                            return out.toString();
                        }
                        session.received(-1);
                    } else {
                        ByteBuffer b = session.readBuffer();
                        int n = Math.min(b.remaining(), Math.min(5, in.length - offset)); // small reads
                        b.put(in, offset, n);
                        offset += n;
                        session.received(n);
                    }
                }
                case HANDLE -> {
                    HttpResponse response = Await.blockOn(router.handle(step.request()));
                    out.append(text(session.respond(step.request(), response)));
                }
                case WRITE_AND_CLOSE -> {
                    out.append(text(step.bytes()));
                    assertEquals(Kind.CLOSE, session.next().kind());
                    return out.toString();
                }
                case CLOSE -> {
                    return out.toString();
                }
            }
        }
        throw new AssertionError("session did not settle");
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.ISO_8859_1.decode(b).toString();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        String out = converse("GET / HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nping"
                + "GET /missing HTTP/1.1\r\nHost: h\r\n\r\n", false);
        int home = out.indexOf("home\n");
        int ping = out.indexOf("ping");
        int missing = out.indexOf("404 Not Found");
        assertTrue(home > 0 && ping > home && missing > ping, out);
        assertTrue(!out.contains("Connection: close"), out);
    }

    @Test
    void connectionCloseStopsAfterThatResponse() {
        String out = converse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: h\r\n\r\n", false);
        assertEquals(1, out.split("HTTP/1.1 200").length - 1, out);
        assertTrue(out.contains("Connection: close\r\n"), out);
    }

    @Test
    void malformedRequestGets400AndCloses() {
        String out = converse("GET / HTTP/1.1\r\nHost: h\r\n\r\nNONSENSE\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", false);
        assertTrue(out.startsWith("HTTP/1.1 200 OK"), out);
        assertTrue(out.contains("HTTP/1.1 400 Bad Request\r\n"), out);
        assertEquals(1, out.split("HTTP/1.1 200").length - 1, "nothing after the error: " + out);
    }

    @Test
    void endOfStreamBetweenRequestsClosesQuietly() {
        assertEquals("", converse("", true));
        String out = converse("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HT", true);
        assertEquals(1, out.split("HTTP/1.1 200").length - 1, out);
    }

    @Test
    void headGetsTheHeadersOfGetWithoutTheBody() {
        String out = converse("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n", false);
        assertTrue(out.contains("Content-Length: 5\r\n"), out);
        assertTrue(out.endsWith("\r\n\r\n"), out);
    }

    @Test
    void wrongMethodGets405WithAllow() {
        String out = converse("DELETE /echo HTTP/1.1\r\nHost: h\r\n\r\n", false);
        assertTrue(out.startsWith("HTTP/1.1 405"), out);
        assertTrue(out.contains("Allow: POST\r\n"), out);
    }

    @Test
    void timeoutClosesAnIdleConnectionAndAnswers408MidRequest() {
        HttpServerSession idle = new HttpServerSession(HttpLimits.DEFAULT);
        assertEquals(Kind.CLOSE, idle.timedOut().kind());
        HttpServerSession midway = new HttpServerSession(HttpLimits.DEFAULT);
        midway.readBuffer().put("GET / HT".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Kind.READ, midway.next().kind());
        Step step = midway.timedOut();
        assertEquals(Kind.WRITE_AND_CLOSE, step.kind());
        assertTrue(text(step.bytes()).startsWith("HTTP/1.1 408"));
    }
}
