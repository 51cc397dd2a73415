package dev.jawait.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's sample program does what it prints. */
class MainTest {

    @Test
    @Timeout(60)
    void theSampleProgramExercisesTheServerAndFinishes() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Main.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);
        assertTrue(out.contains("GET /hello?name=jawait -> 200 hello, jawait"), out);
        assertTrue(out.contains("POST /echo -> 200 ping over HTTP"), out);
        assertTrue(out.contains("HTTP/1.1 200 OK: hello, first | HTTP/1.1 200 OK: hello, second"), out);
        assertTrue(out.contains("malformed request -> HTTP/1.1 400 Bad Request"), out);
        assertTrue(out.contains("404 http://127.0.0.1:"), out);
        assertTrue(out.contains("HttpTimeoutException"), out);
        assertTrue(out.contains("echo server -> hello, echo"), out);
        assertTrue(out.endsWith("done" + System.lineSeparator()), out);
    }
}
