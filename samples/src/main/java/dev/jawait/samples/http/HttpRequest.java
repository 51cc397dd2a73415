package dev.jawait.samples.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed HTTP/1.x request.
 *
 * @param method  the method token, e.g. {@code GET} (case-sensitive, as the RFC says)
 * @param target  the request target as sent, e.g. {@code /search?q=x}
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers the header fields in the order received
 * @param body    the body ({@code Content-Length} bytes), empty if none
 */
public record HttpRequest(String method, String target, String version, List<Header> headers, byte[] body) {

    /** One header field; names compare case-insensitively. */
    public record Header(String name, String value) {}

    /** The value of the first field named {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** The target without its query. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query after {@code ?}, or empty. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Whether the connection stays open after the response: HTTP/1.1 unless the client sent
     * {@code Connection: close}; HTTP/1.0 only if it sent {@code Connection: keep-alive}.
     */
    public boolean keepAlive() {
        String connection = header("Connection").orElse("").toLowerCase(Locale.ROOT);
        if ("HTTP/1.0".equals(version)) {
            return hasToken(connection, "keep-alive");
        }
        return !hasToken(connection, "close");
    }

    private static boolean hasToken(String commaList, String token) {
        for (String part : commaList.split(",")) {
            if (part.trim().equals(token)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version + " (" + headers.size() + " headers, " + body.length + " body bytes)";
    }
}
