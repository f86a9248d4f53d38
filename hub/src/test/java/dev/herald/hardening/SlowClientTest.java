package dev.herald.hardening;

import dev.herald.testing.LongPoller;
import dev.herald.testing.Probe;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Clients that hold a connection without finishing anything: headers dribbled byte by byte
 * (slowloris), a body that never completes, a keep-alive connection left idle. Each is closed once
 * its timeout passes, while event streams, WebSockets and long polls, which are busy answering,
 * are never cut by those timeouts.
 */
class SlowClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** How long after its timeout a connection may still be open (timer and scheduling slack). */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous", "--request-header-timeout", "1s", "--request-body-timeout", "1s",
                "--keepalive-timeout", "1s", "--poll-timeout", "3s");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void headersDribbledByteByByteAreClosedAtTheHeaderTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", hub.port())) {
            socket.setSoTimeout(100);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                    .getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            // One byte every 100 ms: each byte is progress, none finishes the headers.
            for (int i = 0; i < head.length; i++) {
                try {
                    out.write(head[i]);
                    out.flush();
                    if (in.read() < 0) {
                        assertClosedInTime(start);
                        Probe.assertResponsive(hub);
                        return;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // keep dribbling
                } catch (IOException reset) {
                    assertClosedInTime(start);
                    return;
                }
            }
            fail("the hub kept a connection open for " + Duration.ofNanos(System.nanoTime() - start).toMillis()
                    + " ms of unfinished headers");
        }
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosed() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", hub.port())) {
            awaitClose(socket);
        }
    }

    @Test
    void aPublishWhoseBodyNeverCompletesIsClosedAtTheBodyTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", hub.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /.well-known/mercure HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + hub.tokens().publisher("*") + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ntopic=slow")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitClose(socket);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtTheKeepAliveTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", hub.port())) {
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = awaitClose(socket);
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        }
    }

    @Test
    void streamsWebSocketsAndLongPollsOutliveEveryTimeout() throws Exception {
        String topic = "https://example.com/outlives";
        try (SseClient events = hub.subscribe(topic); WsClient socket = WsClient.connect(hub, "topic=" + TestHub.encode(topic))) {
            socket.next("subscribed");
            // A long poll that waits its full poll_timeout (3 s), three times the request timeouts.
            CompletableFuture<LongPoller.Poll> poll = CompletableFuture.supplyAsync(() ->
                    LongPoller.poll(hub, hub.publishSentinel("https://example.com/elsewhere"), null, "https://example.com/nothing"));
            LongPoller.Poll empty = poll.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, empty.status(), String.valueOf(empty.body()));
            assertEquals(0, empty.updates().size());

            // By now every request timeout has passed several times over.
            String id = hub.publishSentinel(topic);
            assertEquals(id, events.next().id());
            assertEquals("sentinel", socket.next("update").getString("data"));
        }
    }

    private static void assertClosedInTime(long startNanos) {
        Duration open = Duration.ofNanos(System.nanoTime() - startNanos);
        assertTrue(open.compareTo(TIMEOUT.minusMillis(200)) >= 0, "closed before its timeout, after " + open.toMillis() + " ms");
        assertTrue(open.compareTo(TIMEOUT.plus(SLACK)) <= 0, "closed only after " + open.toMillis() + " ms");
    }

    /** Reads until the hub closes the connection; fails unless that happens about {@link #TIMEOUT} from now. */
    private static String awaitClose(Socket socket) throws IOException {
        long start = System.nanoTime();
        socket.setSoTimeout((int) TIMEOUT.plus(SLACK).plusSeconds(1).toMillis());
        StringBuilder received = new StringBuilder();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException stillOpen) {
            fail("the hub kept the connection open for " + Duration.ofNanos(System.nanoTime() - start).toMillis()
                    + " ms; received: " + received);
        } catch (IOException reset) {
            // closed with a reset: closed all the same
        }
        assertClosedInTime(start);
        return received.toString();
    }
}
