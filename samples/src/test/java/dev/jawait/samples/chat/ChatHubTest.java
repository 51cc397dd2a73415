package dev.jawait.samples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatHubTest {
    /** An outbox that holds up to {@code capacity} lines, like a bounded channel. */
    static final class ListOutbox implements ChatHub.Outbox {
        final List<String> lines = new ArrayList<>();
        final int capacity;
        boolean closed;

        ListOutbox(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean offer(String line) {
            if (lines.size() == capacity) {
                return false;
            }
            lines.add(line);
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }

        String last() {
            return lines.get(lines.size() - 1);
        }
    }

    @Test
    void messagesReachEveryoneInTheRoomAndOnlyThem() {
        ChatHub hub = new ChatHub();
        ListOutbox ann = new ListOutbox(100);
        ListOutbox bob = new ListOutbox(100);
        ListOutbox cat = new ListOutbox(100);
        ChatHub.Member a = hub.connect(ann);
        ChatHub.Member b = hub.connect(bob);
        ChatHub.Member c = hub.connect(cat);
        hub.handle(a, "/nick ann");
        hub.handle(b, "/nick bob");
        hub.handle(c, "/join java");
        hub.handle(a, "hello lobby");
        assertEquals("<ann> hello lobby", bob.last());
        assertFalse(cat.lines.contains("<ann> hello lobby"));
        hub.handle(b, "/join java");
        hub.handle(b, "hi java");
        assertEquals("<bob> hi java", cat.last());
        assertEquals("* bob left lobby", ann.last());
        assertEquals(Map.of("java", List.of("bob", "guest3"), "lobby", List.of("ann")), hub.snapshot());
    }

    @Test
    void nicknamesAreUniqueAndValidated() {
        ChatHub hub = new ChatHub();
        ListOutbox one = new ListOutbox(100);
        ListOutbox two = new ListOutbox(100);
        ChatHub.Member a = hub.connect(one);
        ChatHub.Member b = hub.connect(two);
        hub.handle(a, "/nick zed");
        hub.handle(b, "/nick zed");
        assertEquals("! zed is taken", two.last());
        hub.handle(b, "/nick no spaces");
        assertTrue(two.last().startsWith("! nicknames"));
        hub.handle(b, "/bogus");
        assertEquals("! unknown command /bogus", two.last());
    }

    @Test
    void aSlowConsumerIsDisconnectedInsteadOfBufferedWithoutBound() {
        ChatHub hub = new ChatHub();
        ListOutbox fast = new ListOutbox(1000);
        ListOutbox slow = new ListOutbox(5);
        ChatHub.Member talker = hub.connect(fast);
        ChatHub.Member sleeper = hub.connect(slow);
        for (int i = 0; i < 20; i++) {
            hub.handle(talker, "message " + i);
        }
        assertTrue(slow.closed);
        assertFalse(sleeper.isConnected());
        assertEquals(5, slow.lines.size());
        assertTrue(fast.lines.contains("* guest2 left lobby"));
        assertEquals("<guest1> message 19", fast.last());
    }

    @Test
    void quitDisconnectsOnce() {
        ChatHub hub = new ChatHub();
        ListOutbox out = new ListOutbox(100);
        ChatHub.Member m = hub.connect(out);
        hub.handle(m, "/quit");
        assertEquals("* bye", out.last());
        assertTrue(out.closed);
        hub.disconnect(m);
        hub.handle(m, "ignored");
        assertEquals(Map.of(), hub.snapshot());
    }

    @Test
    void lineDecoderSplitsAcrossChunksAndEnforcesTheLimit() throws Exception {
        LineDecoder decoder = new LineDecoder(10);
        assertEquals(List.of(), decoder.decode(ascii("hel")));
        assertTrue(decoder.hasPartialLine());
        assertEquals(List.of("hello", "", "wörld"), decoder.decode(utf8("lo\r\n\nwörld\n")));
        assertFalse(decoder.hasPartialLine());
        org.junit.jupiter.api.Assertions.assertThrows(LineDecoder.LineTooLongException.class,
                () -> decoder.decode(ascii("x".repeat(11))));
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
