package dev.jawait.samples.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response to send: status, extra header fields and a body. {@link #encode} adds
 * {@code Content-Length} and, when the connection is to close, {@code Connection: close}.
 */
public final class HttpResponse {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"),
            Map.entry(201, "Created"),
            Map.entry(204, "No Content"),
            Map.entry(400, "Bad Request"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"),
            Map.entry(413, "Content Too Large"),
            Map.entry(414, "URI Too Long"),
            Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));

    private final int status;
    private final List<HttpRequest.Header> headers = new ArrayList<>();
    private final byte[] body;

    private HttpResponse(int status, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status);
        }
        this.status = status;
        this.body = body;
    }

    /** A response with {@code body} as {@code text/plain; charset=utf-8}. */
    public static HttpResponse text(int status, String body) {
        return new HttpResponse(status, body.getBytes(StandardCharsets.UTF_8))
                .header("Content-Type", "text/plain; charset=utf-8");
    }

    /** A response with {@code body} as {@code text/html; charset=utf-8}. */
    public static HttpResponse html(int status, String body) {
        return new HttpResponse(status, body.getBytes(StandardCharsets.UTF_8))
                .header("Content-Type", "text/html; charset=utf-8");
    }

    /** A response with raw bytes; set the content type with {@link #header}. */
    public static HttpResponse bytes(int status, byte[] body) {
        return new HttpResponse(status, body.clone());
    }

    /** Adds a header field (not {@code Content-Length} or {@code Connection}, which encode sets). */
    public HttpResponse header(String name, String value) {
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Connection")) {
            throw new IllegalArgumentException(name + " is set by encode()");
        }
        if (containsLineBreak(name) || containsLineBreak(value)) {
            throw new IllegalArgumentException("header injection: line break in " + name);
        }
        headers.add(new HttpRequest.Header(name, value));
        return this;
    }

    public int status() {
        return status;
    }

    /** The body as text (UTF-8). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The bytes to write for this response.
     *
     * @param keepAlive     whether the connection stays open afterwards; if not, says so
     * @param omitBody      for {@code HEAD}: headers as for the full response, no body
     */
    public ByteBuffer encode(boolean keepAlive, boolean omitBody) {
        StringBuilder head = new StringBuilder(128);
        head.append("HTTP/1.1 ").append(status).append(' ').append(REASONS.getOrDefault(status, "Status")).append("\r\n");
        for (HttpRequest.Header h : headers) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        int bodyLength = omitBody ? 0 : body.length;
        ByteBuffer out = ByteBuffer.allocate(headBytes.length + bodyLength);
        out.put(headBytes);
        out.put(body, 0, bodyLength);
        return out.flip();
    }

    private static boolean containsLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    @Override
    public String toString() {
        return "HTTP " + status + " (" + body.length + " bytes)";
    }
}
