package dev.jawait.samples.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A publish/subscribe chat without I/O: members with unique nicknames join rooms (topics); a line
 * a member says is delivered to every member of its room. Each member has an {@link Outbox}; a
 * member whose outbox is full (a client that does not read) is disconnected rather than letting its
 * backlog grow without bound or slowing everyone else down.
 *
 * <p>The protocol, one command per line: {@code /nick NAME}, {@code /join ROOM}, {@code /rooms},
 * {@code /who}, {@code /quit}; any other line is a message to the current room. Not thread-safe:
 * the server drives it from one task (or under a lock).
 */
public final class ChatHub {
    /** Where a member's outgoing lines go; {@code offer} returns false when the member's buffer is full. */
    public interface Outbox {
        boolean offer(String line);

        /** The member was disconnected by the hub (slow consumer or {@code /quit}). */
        void close();
    }

    /** A connected client. */
    public static final class Member {
        private final Outbox outbox;
        private String nick;
        private String room;
        private boolean connected = true;

        private Member(Outbox outbox, String nick) {
            this.outbox = outbox;
            this.nick = nick;
        }

        public String nick() {
            return nick;
        }

        public String room() {
            return room;
        }

        public boolean isConnected() {
            return connected;
        }
    }

    public static final String LOBBY = "lobby";
    private static final int MAX_NAME = 32;

    private final Map<String, Member> byNick = new LinkedHashMap<>();
    private final Map<String, Set<Member>> rooms = new TreeMap<>();
    private int guests;

    /** Connects a member under a generated nickname and puts it in the lobby. */
    public Member connect(Outbox outbox) {
        String nick;
        do {
            nick = "guest" + (++guests);
        } while (byNick.containsKey(nick));
        Member m = new Member(Objects.requireNonNull(outbox, "outbox"), nick);
        byNick.put(nick, m);
        send(m, "* welcome, " + nick + " (commands: /nick NAME, /join ROOM, /rooms, /who, /quit)");
        enter(m, LOBBY);
        return m;
    }

    /** Handles one line from {@code m}. */
    public void handle(Member m, String line) {
        if (!m.connected) {
            return;
        }
        if (!line.startsWith("/")) {
            if (!line.isBlank()) {
                broadcast(m.room, "<" + m.nick + "> " + line);
            }
            return;
        }
        String[] parts = line.strip().split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1] : "";
        switch (parts[0]) {
            case "/nick" -> rename(m, arg);
            case "/join" -> {
                if (isName(arg)) {
                    enter(m, arg);
                } else {
                    send(m, "! room names are 1-" + MAX_NAME + " letters, digits, - or _");
                }
            }
            case "/rooms" -> send(m, "* rooms: " + String.join(", ", rooms.keySet()));
            case "/who" -> send(m, "* in " + m.room + ": " + String.join(", ", nicksIn(m.room)));
            case "/quit" -> {
                send(m, "* bye");
                disconnect(m);
            }
            default -> send(m, "! unknown command " + parts[0]);
        }
    }

    /** Removes {@code m} (its connection ended); the others in its room are told. Idempotent. */
    public void disconnect(Member m) {
        if (!m.connected) {
            return;
        }
        m.connected = false;
        leaveRoom(m);
        byNick.remove(m.nick);
        m.outbox.close();
    }

    /** The rooms and their members' nicknames (for tests and the demo). */
    public Map<String, List<String>> snapshot() {
        Map<String, List<String>> out = new TreeMap<>();
        rooms.forEach((room, members) -> out.put(room, nicksIn(room)));
        return out;
    }

    private void rename(Member m, String nick) {
        if (!isName(nick)) {
            send(m, "! nicknames are 1-" + MAX_NAME + " letters, digits, - or _");
        } else if (byNick.containsKey(nick)) {
            send(m, "! " + nick + " is taken");
        } else {
            String old = m.nick;
            byNick.remove(old);
            m.nick = nick;
            byNick.put(nick, m);
            broadcast(m.room, "* " + old + " is now " + nick);
        }
    }

    private void enter(Member m, String room) {
        if (room.equals(m.room)) {
            return;
        }
        leaveRoom(m);
        m.room = room;
        rooms.computeIfAbsent(room, r -> new java.util.LinkedHashSet<>()).add(m);
        broadcast(room, "* " + m.nick + " joined " + room);
    }

    private void leaveRoom(Member m) {
        if (m.room == null) {
            return;
        }
        String room = m.room;
        Set<Member> members = rooms.get(room);
        members.remove(m);
        m.room = null;
        if (members.isEmpty()) {
            rooms.remove(room);
        } else {
            broadcast(room, "* " + m.nick + " left " + room);
        }
    }

    private void broadcast(String room, String line) {
        Set<Member> members = rooms.get(room);
        if (members == null) {
            return;
        }
        // Copy: a slow member is disconnected while we deliver, which changes the room.
        for (Member member : new ArrayList<>(members)) {
            send(member, line);
        }
    }

    private void send(Member m, String line) {
        if (m.connected && !m.outbox.offer(line)) {
            disconnect(m); // too slow: drop it rather than buffer without bound
        }
    }

    private List<String> nicksIn(String room) {
        Set<String> nicks = new TreeSet<>();
        for (Member member : rooms.getOrDefault(room, Set.of())) {
            nicks.add(member.nick);
        }
        return List.copyOf(nicks);
    }

    private static boolean isName(String s) {
        return !s.isEmpty() && s.length() <= MAX_NAME && s.chars().allMatch(c ->
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }
}
