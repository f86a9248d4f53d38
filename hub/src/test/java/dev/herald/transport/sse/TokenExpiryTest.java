package dev.herald.transport.sse;

import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A subscriber whose JWT carries {@code exp} is disconnected when the token expires. */
class TokenExpiryTest {

    @Test
    void subscriberIsDisconnectedWhenItsTokenExpires() {
        try (TestHub hub = TestHub.start()) {
            String expiring = hub.tokens().subscriber(List.of("*"), null, Instant.now().plusSeconds(2));
            try (SseClient expires = hub.subscriber().token(expiring).topics("https://example.com/exp").open();
                 SseClient stays = hub.subscriber().token(hub.tokens().subscriber("*")).topics("https://example.com/exp")
                         .open()) {
                assertEquals(200, expires.status());
                assertTrue(expires.awaitEnd(Duration.ofSeconds(5)), "the stream should end when the token expires");
                assertFalse(stays.isEnded(), "a subscriber without exp stays connected");
                String id = hub.publishSentinel("https://example.com/exp");
                assertEquals(id, stays.next().id());
            }
        }
    }

    @Test
    void expiredSubscriberIsForgottenByTheHub() {
        try (TestHub hub = TestHub.start()) {
            String expiring = hub.tokens().subscriber(List.of("*"), null, Instant.now().plusSeconds(1));
            try (SseClient expires = hub.subscriber().token(expiring).topics("https://example.com/exp").open()) {
                assertTrue(expires.awaitEnd(Duration.ofSeconds(5)));
                hub.awaitSubscriberCount(0);
            }
        }
    }

    @Test
    void expiredSubscriberIsForgottenEvenWhileItsKeepAliveConnectionStaysOpen() throws Exception {
        try (TestHub hub = TestHub.start()) {
            String expiring = hub.tokens().subscriber(List.of("*"), null, Instant.now().plusSeconds(1));
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", hub.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("GET /.well-known/mercure?topic=a HTTP/1.1\r\nHost: x\r\n"
                        + "Accept: text/event-stream\r\nAuthorization: Bearer " + expiring + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                StringBuilder received = new StringBuilder();
                java.io.InputStream in = socket.getInputStream();
                while (!received.toString().endsWith("\r\n0\r\n\r\n")) {
                    int b = in.read();
                    assertTrue(b >= 0, "the hub should end the response, not drop the connection: " + received);
                    received.append((char) b);
                }
                assertTrue(received.toString().startsWith("HTTP/1.1 200"), received.toString());
                hub.awaitSubscriberCount(0);
            }
        }
    }

    @Test
    void alreadyExpiredTokenIsRefused() {
        try (TestHub hub = TestHub.start();
             SseClient events = hub.subscriber().token(hub.tokens().expiredSubscriber("*"))
                     .topics("https://example.com/exp").open()) {
            assertEquals(401, events.status());
            assertTrue(events.errorBody().contains("expired"), events.errorBody());
        }
    }
}
