package dev.jawait.samples.http;

/**
 * A request that cannot be served: malformed (400), too large (413, 414, 431), or using a feature
 * this server does not implement (501, 505). The connection is closed after the error response.
 */
public final class HttpParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpParseException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The status code to answer with. */
    public int status() {
        return status;
    }

    /** The error response: the status, the reason as plain text, and {@code Connection: close}. */
    public HttpResponse toResponse() {
        return HttpResponse.text(status, getMessage() + "\n");
    }
}
