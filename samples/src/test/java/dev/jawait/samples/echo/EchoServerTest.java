package dev.jawait.samples.echo;

import static dev.jawait.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.combinator.Combinators;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.net.TcpStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EchoServerTest {

    /** Writes {@code payload} and reads the echo concurrently (two tasks), then half-closes. */
    @Async
    static Future<byte[]> roundTrip(InetSocketAddress address, byte[] payload) throws java.io.IOException {
        TcpStream stream = await(TcpStream.connect(address, Duration.ofSeconds(5)));
        try {
            ByteBuffer in = ByteBuffer.allocate(payload.length);
            await(Combinators.join(stream.writeAll(ByteBuffer.wrap(payload)), readFully(stream, in)));
            stream.shutdownOutput();
            return Future.ready(in.array());
        } finally {
            stream.close();
        }
    }

    @Async
    static Future<Integer> readFully(TcpStream stream, ByteBuffer in) {
        while (in.hasRemaining()) {
            int n = await(stream.read(in, Duration.ofSeconds(10)));
            if (n < 0) {
                throw new IllegalStateException("early end of stream");
            }
        }
        return Future.ready(in.position());
    }

    @Test
    void echoesManyConcurrentClientsOnOneThread() throws Exception {
        try (LocalExecutor executor = LocalExecutor.startOnNewThread("echo-test");
                EchoServer server = EchoServer.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                        executor, Duration.ofSeconds(5))) {
            executor.spawn(server.serve());
            Random random = new Random(5);
            List<byte[]> payloads = new ArrayList<>();
            List<Future<byte[]>> trips = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] payload = new byte[1 + random.nextInt(i == 0 ? 4 << 20 : 64 << 10)]; // one big one
                random.nextBytes(payload);
                payloads.add(payload);
                trips.add(roundTrip(server.address(), payload));
            }
            try (LocalExecutor clients = LocalExecutor.create()) {
                List<byte[]> echoed = clients.blockOn(Combinators.joinAll(trips));
                for (int i = 0; i < payloads.size(); i++) {
                    assertArrayEquals(payloads.get(i), echoed.get(i), "client " + i);
                }
            }
        }
    }
}
