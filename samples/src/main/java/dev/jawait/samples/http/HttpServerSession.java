package dev.jawait.samples.http;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The protocol side of one server connection, without any I/O: it says what the connection must
 * do next ({@link #next()}), and is told what happened (bytes read, end of stream, a timeout, a
 * handler failure). The async glue around it is a short loop that awaits reads and writes.
 *
 * <p>Requests are answered strictly one after another in arrival order, so pipelined requests get
 * their responses in order. After a response that closes the connection ({@code Connection: close},
 * HTTP/1.0 without keep-alive, or any error), nothing more is read.
 */
public final class HttpServerSession {
    /** What the connection does next. */
    public enum Kind {
        /** Read more bytes into {@link #readBuffer()}, then call {@link #received}. */
        READ,
        /** Compute a response to {@link Step#request()} and write {@link #respond}'s bytes. */
        HANDLE,
        /** Write {@link Step#bytes()} (an error response), then close. */
        WRITE_AND_CLOSE,
        /** Close the connection. */
        CLOSE
    }

    /** One instruction for the glue: a kind plus the request or bytes it concerns. */
    public record Step(Kind kind, HttpRequest request, ByteBuffer bytes) {
        static final Step READ = new Step(Kind.READ, null, null);
        static final Step CLOSE = new Step(Kind.CLOSE, null, null);
    }

    private final HttpRequestParser parser;
    private boolean peerDone;
    private boolean closing;
    private int served;

    public HttpServerSession(HttpLimits limits) {
        this.parser = new HttpRequestParser(limits);
    }

    /** The next thing to do. */
    public Step next() {
        if (closing) {
            return Step.CLOSE;
        }
        HttpRequest request;
        try {
            request = parser.next();
        } catch (HttpParseException e) {
            return fail(e.toResponse());
        }
        if (request != null) {
            return new Step(Kind.HANDLE, request, null);
        }
        if (peerDone) {
            // End of stream between requests is a normal close; inside one, nothing to answer.
            closing = true;
            return Step.CLOSE;
        }
        return Step.READ;
    }

    /** Where to read into for a {@link Kind#READ} step. */
    public ByteBuffer readBuffer() {
        return parser.readBuffer();
    }

    /**
     * Lends a scratch buffer to read into until {@link #giveBack()} (see
     * {@link HttpRequestParser#useScratch}): a connection that waits between requests then keeps
     * no buffer of its own.
     */
    public void lend(ByteBuffer scratch) {
        parser.useScratch(scratch);
    }

    /** Takes the lent buffer back; unconsumed bytes are kept in an array of their exact size. */
    public void giveBack() {
        parser.releaseScratch();
    }

    /** Reports the result of the read: a byte count, or -1 at end of stream. */
    public void received(int count) {
        if (count < 0) {
            peerDone = true;
        }
    }

    /**
     * The bytes to write for {@code response} to {@code request}; the connection closes after them
     * if the request asked for it.
     */
    public ByteBuffer respond(HttpRequest request, HttpResponse response) {
        Objects.requireNonNull(response, "response");
        boolean keepAlive = request.keepAlive() && !peerDone;
        if (!keepAlive) {
            closing = true;
        }
        served++;
        return response.encode(keepAlive, "HEAD".equals(request.method()));
    }

    /**
     * The read timed out: an idle connection just closes; one in the middle of a request is told
     * {@code 408 Request Timeout}.
     */
    public Step timedOut() {
        if (parser.isIdle()) {
            closing = true;
            return Step.CLOSE;
        }
        return fail(HttpResponse.text(408, "request not received in time\n"));
    }

    /** The handler threw: answer 500 and close (its state is unknown). */
    public Step handlerFailed(Throwable failure) {
        return fail(HttpResponse.text(500, "internal error\n"));
    }

    /** Number of responses produced by {@link #respond}. */
    public int served() {
        return served;
    }

    private Step fail(HttpResponse response) {
        closing = true;
        return new Step(Kind.WRITE_AND_CLOSE, null, response.encode(false, false));
    }
}
