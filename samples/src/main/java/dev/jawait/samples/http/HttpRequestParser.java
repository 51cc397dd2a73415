package dev.jawait.samples.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An incremental HTTP/1.1 request parser (no I/O: the caller reads socket bytes into
 * {@link #readBuffer()} and then calls {@link #next()}).
 *
 * <p>Two ways to supply the buffer. By default the parser allocates its own 4 KiB buffer at the first
 * read and keeps it. A server with many idle connections can instead lend it a shared scratch
 * buffer only while bytes are being read and parsed ({@link #useScratch} ...
 * {@link #releaseScratch}): between requests the parser then holds nothing, or just the bytes of a
 * pipelined request that arrived early, in an array of exactly their size.
 *
 * <p>Requests are returned one at a time in arrival order; bytes after a complete request stay
 * buffered for the next call, which is what makes pipelining work. Bodies are framed by
 * {@code Content-Length} only: a {@code Transfer-Encoding} is refused with 501. Follows RFC 9112
 * strictly where leniency has caused request-smuggling bugs: no whitespace before a field's colon,
 * no obsolete line folding, no conflicting {@code Content-Length}s, {@code Host} required in 1.1.
 */
public final class HttpRequestParser {
    private static final int INITIAL_CAPACITY = 4096;

    private final HttpLimits limits;
    private final int maxBuffered;
    /**
     * Write mode: bytes [0, position) are received, [start, position) are not consumed yet. Null
     * while nothing is buffered and no buffer was asked for; may be the lent {@link #scratch}.
     */
    private ByteBuffer buf;
    /** The buffer lent by {@link #useScratch}, until {@link #releaseScratch}; or null. */
    private ByteBuffer scratch;
    private int start;
    /** Where the search for the end of the header section resumes. */
    private int scanFrom;
    /** The header section of the request whose body is still arriving, or null. */
    private Head pendingHead;
    private boolean failed;

    public HttpRequestParser(HttpLimits limits) {
        this.limits = limits;
        this.maxBuffered = limits.maxHeaderBytes() + limits.maxBodyBytes();
    }

    /**
     * The buffer to read the next socket bytes into (it always has room while {@link #next()}
     * returns {@code null}). Do not keep it across calls: it may be compacted or replaced.
     */
    public ByteBuffer readBuffer() {
        if (buf == null) {
            buf = ByteBuffer.allocate(INITIAL_CAPACITY);
            start = 0;
            scanFrom = 0;
        }
        if (!buf.hasRemaining()) {
            makeRoom();
        }
        return buf;
    }

    /**
     * Lends {@code scratch} (a heap buffer; its contents are overwritten) for reading and parsing
     * until {@link #releaseScratch()}: the unconsumed bytes move into it, and {@link #readBuffer()}
     * returns it while it has room. A request larger than the scratch buffer still grows into a
     * buffer of the parser's own, as without a scratch buffer.
     *
     * @throws IllegalStateException if a scratch buffer is already lent
     */
    public void useScratch(ByteBuffer scratch) {
        if (this.scratch != null) {
            throw new IllegalStateException("a scratch buffer is already lent");
        }
        this.scratch = scratch;
        scratch.clear();
        int unconsumed = unconsumed();
        if (unconsumed >= scratch.capacity()) {
            return; // a large request in progress: keep the parser's own buffer
        }
        if (unconsumed > 0) {
            scratch.put(buf.array(), start, unconsumed);
            shiftDown(start);
        } else {
            start = 0;
            scanFrom = 0;
        }
        buf = scratch;
    }

    /**
     * Gives the scratch buffer back: the bytes not consumed yet (a pipelined request, or the part of
     * one received so far) are copied into an array of exactly their size, or nothing is kept at
     * all. Call it before the connection waits for anything; the request objects returned by
     * {@link #next()} do not refer to the buffer.
     */
    public void releaseScratch() {
        if (scratch == null) {
            return;
        }
        int unconsumed = unconsumed();
        if (unconsumed == 0) {
            buf = null;
            start = 0;
            scanFrom = 0;
        } else if (buf == scratch || unconsumed * 4 < buf.capacity()) {
            byte[] kept = new byte[unconsumed];
            System.arraycopy(buf.array(), start, kept, 0, unconsumed);
            shiftDown(start);
            buf = ByteBuffer.wrap(kept).position(unconsumed);
        }
        // else: a large request still arriving into the parser's own buffer; keep it
        scratch = null;
    }

    /** The capacity of the buffer the parser holds on to, 0 if none (for tests). */
    int heldCapacity() {
        return buf == null || buf == scratch ? 0 : buf.capacity();
    }

    /** Bytes received and not consumed yet. */
    private int unconsumed() {
        return buf == null ? 0 : buf.position() - start;
    }

    /** Renumbers the offsets after the unconsumed bytes moved from {@code start} to 0. */
    private void shiftDown(int by) {
        if (pendingHead != null) {
            pendingHead = pendingHead.shifted(by);
        }
        scanFrom -= by;
        start = 0;
    }

    /** Whether no byte of a further request has been received (a clean place to close). */
    public boolean isIdle() {
        return unconsumed() == 0 && pendingHead == null;
    }

    /**
     * The next complete request, or {@code null} if more bytes are needed.
     *
     * @throws HttpParseException if the request is malformed or too large; the parser is then
     *     unusable (the connection must be closed after the error response)
     */
    public HttpRequest next() throws HttpParseException {
        if (failed) {
            throw new IllegalStateException("the parser already rejected a request");
        }
        try {
            return parseNext();
        } catch (HttpParseException e) {
            failed = true;
            throw e;
        }
    }

    private HttpRequest parseNext() throws HttpParseException {
        if (buf == null) {
            return null;
        }
        byte[] a = buf.array();
        int end = buf.position();
        if (pendingHead == null) {
            skipLeadingEmptyLines(a, end);
            int headEnd = findHeadEnd(a, end);
            if (headEnd < 0) {
                return null;
            }
            pendingHead = parseHead(a, start, headEnd);
        }
        Head head = pendingHead;
        if (end - head.end < head.contentLength) {
            return null; // body still arriving
        }
        byte[] body = new byte[head.contentLength];
        System.arraycopy(a, head.end, body, 0, body.length);
        start = head.end + head.contentLength;
        scanFrom = start;
        pendingHead = null;
        return new HttpRequest(head.method, head.target, head.version, head.headers, body);
    }

    /** RFC 9112 §2.2: a server should ignore empty lines received before the request line. */
    private void skipLeadingEmptyLines(byte[] a, int end) {
        while (start < end) {
            if (a[start] == '\n') {
                start++;
            } else if (a[start] == '\r' && start + 1 < end && a[start + 1] == '\n') {
                start += 2;
            } else {
                break;
            }
        }
        scanFrom = Math.max(scanFrom, start);
    }

    /**
     * The index just after the empty line that ends the header section, or -1. Enforces the
     * request-line and header-section limits while the section is incomplete.
     */
    private int findHeadEnd(byte[] a, int end) throws HttpParseException {
        int i = scanFrom;
        while (i < end) {
            if (a[i] == '\n') {
                // An empty line is "\n" or "\r\n" right after the previous line's "\n".
                int lineStart = previousLineEnd(a, i);
                if (lineStart > start && (i == lineStart || (i == lineStart + 1 && a[lineStart] == '\r'))) {
                    return i + 1;
                }
            }
            i++;
        }
        // Resume just before the last byte next time, so a split "\r\n" is still seen.
        scanFrom = Math.max(start, end - 1);
        int firstLineEnd = indexOf(a, start, end, (byte) '\n');
        if (firstLineEnd < 0 && end - start > limits.maxRequestLineBytes()) {
            throw new HttpParseException(414, "request line longer than " + limits.maxRequestLineBytes() + " bytes");
        }
        if (end - start > limits.maxHeaderBytes()) {
            throw new HttpParseException(431, "header section larger than " + limits.maxHeaderBytes() + " bytes");
        }
        return -1;
    }

    /** The index after the "\n" that precedes index {@code i} (or {@code start}). */
    private int previousLineEnd(byte[] a, int i) {
        int j = i - 1;
        while (j >= start && a[j] != '\n') {
            j--;
        }
        return j + 1;
    }

    private Head parseHead(byte[] a, int from, int to) throws HttpParseException {
        if (to - from > limits.maxHeaderBytes()) {
            throw new HttpParseException(431, "header section larger than " + limits.maxHeaderBytes() + " bytes");
        }
        List<String> lines = splitLines(a, from, to);
        String requestLine = lines.get(0);
        if (requestLine.length() > limits.maxRequestLineBytes()) {
            throw new HttpParseException(414, "request line longer than " + limits.maxRequestLineBytes() + " bytes");
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3) {
            throw new HttpParseException(400, "malformed request line");
        }
        String method = parts[0];
        String target = parts[1];
        String version = parts[2];
        if (method.isEmpty() || !isToken(method)) {
            throw new HttpParseException(400, "malformed method");
        }
        if (!isValidTarget(target)) {
            throw new HttpParseException(400, "malformed request target");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            if (version.matches("HTTP/[0-9]\\.[0-9]")) {
                throw new HttpParseException(505, "HTTP version " + version + " not supported");
            }
            throw new HttpParseException(400, "malformed HTTP version");
        }
        List<HttpRequest.Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (headers.size() == limits.maxHeaders()) {
                throw new HttpParseException(431, "more than " + limits.maxHeaders() + " header fields");
            }
            headers.add(parseField(lines.get(i)));
        }
        HttpRequest probe = new HttpRequest(method, target, version, List.copyOf(headers), new byte[0]);
        int contentLength = contentLength(probe);
        if ("HTTP/1.1".equals(version)) {
            int hosts = 0; // a loop, not a stream: this runs for every request
            for (HttpRequest.Header h : headers) {
                if (h.name().equalsIgnoreCase("Host")) {
                    hosts++;
                }
            }
            if (hosts != 1) {
                throw new HttpParseException(400, hosts == 0 ? "missing Host header" : "more than one Host header");
            }
        }
        return new Head(method, target, version, probe.headers(), to, contentLength);
    }

    /** Splits [from, to) into lines without their terminators, dropping the final empty line. */
    private static List<String> splitLines(byte[] a, int from, int to) throws HttpParseException {
        List<String> lines = new ArrayList<>();
        int lineStart = from;
        for (int i = from; i < to; i++) {
            if (a[i] == '\n') {
                int lineEnd = i > lineStart && a[i - 1] == '\r' ? i - 1 : i;
                for (int k = lineStart; k < lineEnd; k++) {
                    if (a[k] == '\r') {
                        throw new HttpParseException(400, "bare CR in header section");
                    }
                }
                lines.add(new String(a, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1));
                lineStart = i + 1;
            }
        }
        lines.remove(lines.size() - 1); // the empty line that ends the section
        return lines;
    }

    private static HttpRequest.Header parseField(String line) throws HttpParseException {
        if (line.startsWith(" ") || line.startsWith("\t")) {
            throw new HttpParseException(400, "obsolete line folding in header section");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new HttpParseException(400, "malformed header field");
        }
        String name = line.substring(0, colon);
        if (!isToken(name)) {
            throw new HttpParseException(400, "malformed header field name");
        }
        String value = line.substring(colon + 1).strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new HttpParseException(400, "control character in header field " + name);
            }
        }
        return new HttpRequest.Header(name, value);
    }

    private int contentLength(HttpRequest probe) throws HttpParseException {
        boolean chunked = probe.header("Transfer-Encoding").isPresent();
        long length = -1;
        for (HttpRequest.Header h : probe.headers()) {
            if (!h.name().equalsIgnoreCase("Content-Length")) {
                continue;
            }
            String v = h.value();
            if (v.isEmpty() || v.length() > 18 || !isDigits(v)) {
                throw new HttpParseException(400, "malformed Content-Length");
            }
            long parsed = Long.parseLong(v);
            if (length >= 0 && parsed != length) {
                throw new HttpParseException(400, "conflicting Content-Length headers");
            }
            length = parsed;
        }
        if (chunked) {
            if (length >= 0) {
                throw new HttpParseException(400, "both Transfer-Encoding and Content-Length");
            }
            throw new HttpParseException(501, "Transfer-Encoding is not supported");
        }
        if (length > limits.maxBodyBytes()) {
            throw new HttpParseException(413, "body larger than " + limits.maxBodyBytes() + " bytes");
        }
        return length < 0 ? 0 : (int) length;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 tchar. */
    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** origin-form ("/path?q"), absolute-form ("http://h/p") or asterisk-form; visible ASCII only. */
    private static boolean isValidTarget(String t) {
        if (t.isEmpty()) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return t.charAt(0) == '/' || t.equals("*") || t.startsWith("http://") || t.startsWith("https://");
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Moves unconsumed bytes to the front, or grows the buffer (never beyond the limits). */
    private void makeRoom() {
        int unconsumed = buf.position() - start;
        if (start > 0) {
            byte[] a = buf.array();
            System.arraycopy(a, start, a, 0, unconsumed);
            shiftDown(start);
            buf.position(unconsumed);
        }
        if (!buf.hasRemaining()) {
            if (buf.capacity() >= maxBuffered) {
                throw new IllegalStateException("buffer full: call next() before reading more");
            }
            // At least the initial size: an exact-size leftover array may be tiny.
            int capacity = (int) Math.min(Math.max((long) buf.capacity() * 2, INITIAL_CAPACITY), maxBuffered);
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            bigger.put(buf.flip());
            buf = bigger;
        }
    }

    /** A parsed header section; {@code end} is the buffer index where the body starts. */
    private record Head(String method, String target, String version, List<HttpRequest.Header> headers,
            int end, int contentLength) {
        Head shifted(int by) {
            return new Head(method, target, version, headers, end - by, contentLength);
        }
    }
}
