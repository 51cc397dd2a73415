package dev.jawait.samples.http;

/**
 * Size limits that keep one client from exhausting the server's memory. A request that exceeds one
 * is answered with the matching status (414, 431, 413) and the connection is closed.
 *
 * @param maxRequestLineBytes longest request line (method, target, version)
 * @param maxHeaderBytes      largest header section, request line included
 * @param maxHeaders          most header fields
 * @param maxBodyBytes        largest {@code Content-Length}
 */
public record HttpLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaders, int maxBodyBytes) {
    /** 8 KiB request line, 16 KiB of headers, 100 fields, 1 MiB body. */
    public static final HttpLimits DEFAULT = new HttpLimits(8 * 1024, 16 * 1024, 100, 1024 * 1024);

    public HttpLimits {
        if (maxRequestLineBytes <= 0 || maxHeaderBytes < maxRequestLineBytes || maxHeaders <= 0 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("inconsistent limits");
        }
    }
}
