package dev.herald.hardening;

import dev.herald.testing.ForkedHub;
import dev.herald.testing.Probe;
import dev.herald.testing.RawHttp;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What one client, and all clients together, may hold: connections over {@code max_connections_per_ip}
 * get 429, over {@code max_connections} 503, both with {@code Retry-After}; a request line longer
 * than 8 KiB is refused with 414 anywhere but on the subscribe path, and there it is bounded by
 * {@code max_subscription_bytes}. Hundreds of connections sending huge request lines leave a
 * small-heap hub responsive.
 */
class ConnectionLimitsTest {
    private static final String HEALTH = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void connectionsOverThePerAddressCapGet429WithRetryAfter() throws IOException {
        try (TestHub hub = TestHub.start("--max-connections-per-ip", "3")) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(servedConnection(hub));
                }
                RawHttp.Exchange refused = send(hub, HEALTH);
                assertEquals(429, refused.status(), refused.response());
                assertTrue(refused.response().contains("Retry-After: "), refused.response());
                assertTrue(refused.body().contains("max_connections_per_ip"), refused.response());
                assertTrue(refused.closedByHub());
                assertWebSocketTriesAgainLater(hub, "max_connections_per_ip");

                held.remove(0).close();
                awaitServed(hub);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void connectionsOverTheHubCapGet503WithRetryAfter() throws IOException {
        try (TestHub hub = TestHub.start("--max-connections", "3", "--max-connections-per-ip", "0")) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(servedConnection(hub));
                }
                RawHttp.Exchange refused = send(hub, HEALTH);
                assertEquals(503, refused.status(), refused.response());
                assertTrue(refused.response().contains("Retry-After: "), refused.response());
                assertTrue(refused.body().contains("max_connections"), refused.response());
                assertWebSocketTriesAgainLater(hub, "max_connections");
                held.remove(0).close();
                awaitServed(hub);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    /**
     * A WebSocket upgrade over a cap gets the handshake and a close code its client can read (a
     * browser shows no HTTP status for a failed upgrade): 1013, try again later, naming the cap.
     */
    private static void assertWebSocketTriesAgainLater(TestHub hub, String cap) throws IOException {
        try (RawWebSocket socket = RawWebSocket.open(hub.port(), "topic=a", null)) {
            RawWebSocket.Frame close = socket.awaitCloseFrame(Duration.ofSeconds(5));
            assertEquals(1013, close.closeCode());
            assertTrue(close.closeReason().contains(cap), close.closeReason());
            assertTrue(socket.awaitEnd(Duration.ofSeconds(5)), "the hub ends the refused connection");
        }
    }

    @Test
    void aLongRequestLineOutsideTheSubscribePathGets414BeforeItEnds() {
        try (TestHub hub = TestHub.start("--anonymous")) {
            String padding = "a".repeat(20_000);
            for (String start : new String[] {"GET /healthz?x=", "POST /.well-known/mercure?x=", "GET /?x="}) {
                // No line end is ever sent: the hub answers once the line is too long to be anything good.
                RawHttp.Exchange refused = RawHttp.exchange(hub, (start + padding).getBytes(StandardCharsets.US_ASCII), false, 3_000);
                assertEquals(414, refused.status(), start + ": " + refused.response());
                assertTrue(refused.body().contains("8192"), refused.response());
            }
            Probe.assertResponsive(hub);
        }
    }

    @Test
    void theSubscribePathAcceptsWhatMaxSubscriptionBytesAllowsAndNoMore() {
        try (TestHub hub = TestHub.start("--anonymous", "--max-subscription-bytes", "64KiB")) {
            String[] topics = new String[25];
            for (int i = 0; i < topics.length; i++) {
                topics[i] = "https://example.com/" + i + "/" + "é".repeat(1_000); // 6 bytes once encoded, each
            }
            try (SseClient events = hub.subscriber().topics(topics).open()) {
                assertEquals(200, events.status());
            }
            RawHttp.Exchange refused = RawHttp.exchange(hub, ("GET /.well-known/mercure?topic=" + "a".repeat(300_000)
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII), false, 3_000);
            assertEquals(414, refused.status(), refused.response());
            assertTrue(refused.body().contains("max_subscription_bytes"), refused.response());
        }
    }

    @Test
    void hundredsOfConnectionsWithHugeRequestLinesLeaveTheHubResponsive() throws IOException {
        int attackers = 300;
        int lineBytes = 600 * 1024;
        try (ForkedHub hub = ForkedHub.start("256m", "--anonymous", "--max-connections-per-ip", "200")) {
            Probe.assertResponsive(hub);
            // Attackers come from 127.0.0.2, so the per-address cap is theirs, not the probe's.
            List<SocketChannel> channels = new ArrayList<>();
            try {
                for (int i = 0; i < attackers; i++) {
                    SocketChannel channel = SocketChannel.open();
                    channel.bind(new InetSocketAddress("127.0.0.2", 0));
                    channel.connect(new InetSocketAddress("127.0.0.1", hub.port()));
                    channel.configureBlocking(false);
                    channels.add(channel);
                }
                sendRequestLines(channels, lineBytes, Duration.ofSeconds(30));
                Probe.assertResponsive(hub);

                int notRead = 0;
                for (SocketChannel channel : channels) {
                    String answer = readUntilClosed(channel, Duration.ofSeconds(5));
                    assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.0 414") || answer.startsWith("HTTP/1.1 414")
                            || answer.startsWith("HTTP/1.1 429"), answer);
                    // A 429 can be lost to the reset the hub's kernel sends when the attacker writes
                    // on after it: an empty answer is a refused connection or a reset 414.
                    notRead += answer.contains(" 414 ") ? 0 : 1;
                }
                // The cap bounds the connections open at once. How many are refused in all depends on
                // when the hub accepts each one: a connection accepted after an earlier one got its 414
                // and closed takes the freed place. So: each got a 414 or a refusal, and some were refused.
                assertTrue(notRead > 0, "none of " + attackers + " connections over a cap of 200 was refused");
                Probe.assertResponsive(hub);
                assertTrue(hub.isAlive());
            } finally {
                for (SocketChannel channel : channels) {
                    channel.close();
                }
            }
        }
    }

    /** Writes a subscribe request line of {@code lineBytes} (never ended) to every channel, round-robin. */
    private static void sendRequestLines(List<SocketChannel> channels, int lineBytes, Duration bound) {
        byte[] start = "GET /.well-known/mercure?topic=".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer chunk = ByteBuffer.wrap("a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII));
        int[] sent = new int[channels.size()];
        boolean[] done = new boolean[channels.size()];
        long deadline = System.nanoTime() + bound.toNanos();
        int remaining = channels.size();
        while (remaining > 0) {
            if (System.nanoTime() > deadline) {
                fail(remaining + " connections could not send their request line within " + bound);
            }
            for (int i = 0; i < channels.size(); i++) {
                if (done[i]) {
                    continue;
                }
                try {
                    ByteBuffer bytes = sent[i] == 0 ? ByteBuffer.wrap(start)
                            : chunk.duplicate().limit(Math.min(chunk.capacity(), lineBytes - sent[i]));
                    sent[i] += channels.get(i).write(bytes);
                    done[i] = sent[i] >= lineBytes;
                } catch (IOException closedByHub) {
                    done[i] = true;
                }
                remaining -= done[i] ? 1 : 0;
            }
        }
    }

    /** What came back before the hub closed the channel (or {@code bound} passed: a failure). */
    private static String readUntilClosed(SocketChannel channel, Duration bound) {
        StringBuilder received = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (true) {
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    return received.toString();
                }
                received.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
                if (read == 0) {
                    if (System.nanoTime() > deadline) {
                        fail("an attacking connection is still open after " + bound + "; received: " + received);
                    }
                    Thread.sleep(10); // a non-blocking channel: poll it
                }
            }
        } catch (IOException reset) {
            return received.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static RawHttp.Exchange send(TestHub hub, String request) {
        return RawHttp.exchange(hub, request.getBytes(StandardCharsets.US_ASCII), false, 3_000);
    }

    /** A keep-alive connection that has been served once, so the hub surely counts it. */
    private static Socket servedConnection(TestHub hub) throws IOException {
        Socket socket = new Socket("127.0.0.1", hub.port());
        socket.setSoTimeout(3_000);
        socket.getOutputStream().write(HEALTH.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder response = new StringBuilder();
        while (!response.toString().endsWith("}}")) {
            int next = in.read();
            if (next < 0) {
                fail("closed instead of served: " + response);
            }
            response.append((char) next);
        }
        assertTrue(response.toString().startsWith("HTTP/1.1 200 "), response.toString());
        return socket;
    }

    /** Waits until the hub has counted a closed connection out and serves a new one. */
    private static void awaitServed(TestHub hub) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        RawHttp.Exchange exchange;
        while ((exchange = send(hub, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).status() != 200) {
            if (System.nanoTime() > deadline) {
                fail("still refused after a connection closed: " + exchange.response());
            }
        }
    }
}
