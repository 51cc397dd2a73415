package dev.jawait.samples.loadtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client of the idle-connection measurement:
 * {@code IdleConnections <port> <count> <hold-seconds>} opens {@code count} connections to
 * 127.0.0.1, sends one keep-alive {@code GET /hello} on each and reads the whole response (so every
 * connection has served a request and is parked waiting for the next), prints {@code open <count>},
 * then holds them idle for {@code hold-seconds} (or until killed) and closes them.
 */
public final class IdleConnections {
    private static final byte[] REQUEST =
            "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private IdleConnections() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: IdleConnections <port> <count> <hold-seconds>");
            System.exit(2);
        }
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        int count = Integer.parseInt(args[1]);
        long holdSeconds = Long.parseLong(args[2]);
        List<SocketChannel> open = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(server);
                open.add(channel);
                exchange(channel);
            }
            System.out.println("open " + open.size());
            System.out.flush();
            Thread.sleep(holdSeconds * 1000);
        } finally {
            for (SocketChannel c : open) {
                c.close();
            }
        }
    }

    /** Sends the request and reads one complete response (framed by Content-Length). */
    static void exchange(SocketChannel channel) throws IOException {
        channel.write(ByteBuffer.wrap(REQUEST));
        ByteBuffer in = ByteBuffer.allocate(1024);
        while (true) {
            if (channel.read(in) < 0) {
                throw new IOException("server closed the connection before responding");
            }
            String received = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            int headEnd = received.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                int length = contentLength(received.substring(0, headEnd));
                if (!received.startsWith("HTTP/1.1 200 ")) {
                    throw new IOException("unexpected response: " + received);
                }
                if (in.position() >= headEnd + 4 + length) {
                    return;
                }
            }
            if (!in.hasRemaining()) {
                throw new IOException("response larger than expected");
            }
        }
    }

    private static int contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        throw new IOException("no Content-Length in " + head);
    }
}
