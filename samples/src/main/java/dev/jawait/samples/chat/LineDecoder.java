package dev.jawait.samples.chat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into UTF-8 lines ending in {@code \n} (a preceding {@code \r} is dropped).
 * A line longer than the limit is a protocol error: a client cannot make the server buffer more.
 */
public final class LineDecoder {
    /** A line exceeded the limit. */
    public static final class LineTooLongException extends Exception {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int limit) {
            super("line longer than " + limit + " bytes");
        }
    }

    private final int maxLineBytes;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    public LineDecoder(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Consumes the readable bytes of {@code in} and returns the lines they complete. */
    public List<String> decode(ByteBuffer in) throws LineTooLongException {
        List<String> lines = new ArrayList<>();
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                byte[] line = partial.toByteArray();
                partial.reset();
                int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
                lines.add(new String(line, 0, length, StandardCharsets.UTF_8));
            } else {
                if (partial.size() == maxLineBytes) {
                    throw new LineTooLongException(maxLineBytes);
                }
                partial.write(b);
            }
        }
        return lines;
    }

    /** Whether an unterminated line is buffered. */
    public boolean hasPartialLine() {
        return partial.size() > 0;
    }
}
