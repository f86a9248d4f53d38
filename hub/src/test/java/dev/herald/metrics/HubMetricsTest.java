package dev.herald.metrics;

import dev.herald.testing.LongPoller;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.HttpResult;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each of Herald's meters moves when what it counts happens, on a real hub driven over HTTP. */
class HubMetricsTest {
    private static final String TOPIC = "https://example.com/books/1";

    @Test
    void anSseConnectionIsCountedWithItsDeliveriesBytesLatencyAndEnd() {
        try (TestHub hub = TestHub.start("--anonymous")) {
            SseClient client = hub.subscribe(TOPIC, "https://example.com/books/{id}");
            Scrape.await(hub, v -> v == 1, "herald_connections", "transport", "sse");
            Exposition open = Scrape.of(hub);
            assertEquals(1, open.value("herald_connects_total", "transport", "sse"));
            assertEquals(2, open.value("herald_subscriptions"));

            String id = hub.publish().topic(TOPIC).data("hello").sendOk();
            SseEvent event = client.next();
            assertEquals("hello", event.data());
            Scrape.await(hub, v -> v == 1, "herald_deliveries_total", "transport", "sse");
            Exposition delivered = Scrape.of(hub);
            assertEquals(("id: " + id + "\ndata: hello\n\n").getBytes(StandardCharsets.UTF_8).length,
                    delivered.value("herald_written_bytes_total", "transport", "sse"));
            assertEquals(1, delivered.value("herald_delivery_latency_seconds_count", "transport", "sse"));
            assertEquals(1, delivered.value("herald_delivery_latency_seconds_bucket", "transport", "sse", "le", "10.0"));
            assertEquals(1, delivered.value("herald_publishes_total", "outcome", "accepted"));
            assertEquals(1, delivered.value("herald_history_updates"));

            client.close();
            Scrape.await(hub, v -> v == 0, "herald_connections", "transport", "sse");
            Exposition closed = Scrape.of(hub);
            assertEquals(1, closed.value("herald_disconnects_total", "transport", "sse", "reason", "client_closed"));
            assertEquals(0, closed.value("herald_subscriptions"));
        }
    }

    @Test
    void theLatencyIsOneSamplePerUpdateAndLoopHoweverManyRecipients() {
        try (TestHub hub = TestHub.start("--anonymous", "--event-loops", "1")) {
            SseClient first = hub.subscribe(TOPIC);
            SseClient second = hub.subscribe(TOPIC);
            Scrape.await(hub, v -> v == 2, "herald_connections", "transport", "sse");
            hub.publish().topic(TOPIC).data("to both").sendOk();
            assertEquals("to both", first.next().data());
            assertEquals("to both", second.next().data());
            // Both writes and the latency sample happen in one turn of the only loop, before the flush.
            Exposition delivered = Scrape.of(hub);
            assertEquals(2, delivered.value("herald_deliveries_total", "transport", "sse"));
            assertEquals(1, delivered.value("herald_delivery_latency_seconds_count", "transport", "sse"));
        }
    }

    @Test
    void aWebSocketConnectionIsCountedByItsTransport() {
        try (TestHub hub = TestHub.start("--anonymous")) {
            WsClient ws = WsClient.connect(hub, "topic=" + TestHub.encode(TOPIC));
            Scrape.await(hub, v -> v == 1, "herald_connections", "transport", "websocket");
            hub.publish().topic(TOPIC).data("over a socket").sendOk();
            JsonObject update = ws.next("update");
            Scrape.await(hub, v -> v == 1, "herald_deliveries_total", "transport", "websocket");
            Exposition exposition = Scrape.of(hub);
            assertEquals(1, exposition.value("herald_connects_total", "transport", "websocket"));
            assertEquals(update.toBuffer().length(), exposition.value("herald_written_bytes_total", "transport", "websocket"));
            assertEquals(1, exposition.value("herald_delivery_latency_seconds_count", "transport", "websocket"));
            assertEquals(0, exposition.value("herald_deliveries_total", "transport", "sse"));

            ws.close();
            Scrape.await(hub, v -> v == 1, "herald_disconnects_total", "transport", "websocket", "reason", "client_closed");
            assertEquals(0, Scrape.of(hub).value("herald_connections", "transport", "websocket"));
        }
    }

    @Test
    void aLongPollThatAnswersEndsAsAnsweredAndItsReplayIsCounted() {
        try (TestHub hub = TestHub.start("--anonymous", "--poll-timeout", "5s")) {
            hub.publish().topic(TOPIC).data("one").sendOk();
            hub.publish().topic(TOPIC).data("two").sendOk();
            LongPoller.Poll poll = LongPoller.poll(hub, "earliest", null, TOPIC);
            assertEquals(2, poll.updates().size());
            Scrape.await(hub, v -> v == 1, "herald_disconnects_total", "transport", "longpoll", "reason", "answered");
            Exposition exposition = Scrape.of(hub);
            assertEquals(0, exposition.value("herald_disconnects_total", "transport", "longpoll", "reason", "client_closed"));
            assertEquals(0, exposition.value("herald_connections", "transport", "longpoll"));
            assertEquals(1, exposition.value("herald_connects_total", "transport", "longpoll"));
            assertEquals(1, exposition.value("herald_replays_total"));
            assertEquals(2, exposition.value("herald_replayed_updates_total"));
            assertEquals(2, exposition.value("herald_deliveries_total", "transport", "longpoll"));
            // Replayed updates are not live: their latency would be their age.
            assertEquals(0, exposition.value("herald_delivery_latency_seconds_count", "transport", "longpoll"));
            assertEquals(2, exposition.value("herald_history_updates"));
        }
    }

    @Test
    void aLongPollWithoutUpdatesAnswersEmptyAtItsTimeoutAndEndsAsAnswered() {
        try (TestHub hub = TestHub.start("--anonymous", "--poll-timeout", "200ms")) {
            assertEquals(0, LongPoller.poll(hub, null, null, TOPIC).updates().size());
            Scrape.await(hub, v -> v == 1, "herald_disconnects_total", "transport", "longpoll", "reason", "answered");
            assertEquals(0, Scrape.of(hub).value("herald_replays_total"));
        }
    }

    @Test
    void anExpiredTokenEndsItsConnectionAsTokenExpired() {
        try (TestHub hub = TestHub.start()) {
            String token = hub.tokens().subscriber(List.of(TOPIC), null, Instant.now().plusMillis(1_500));
            SseClient client = hub.subscriber().token(token).topics(TOPIC).open();
            assertTrue(client.awaitEnd(java.time.Duration.ofSeconds(10)), "the connection outlived its token");
            Scrape.await(hub, v -> v == 1, "herald_disconnects_total", "transport", "sse", "reason", "token_expired");
        }
    }

    @Test
    void everyPublishOutcomeAndAuthFailureIsCounted() {
        // A burst of 9 and one publish a second: the tenth publish in a row is over the limit.
        try (TestHub hub = TestHub.start("--max-body-size", "200", "--publish-rate-limit", "1", "--publish-burst", "9")) {
            assertEquals(200, hub.publish().topic(TOPIC).data("ok").send().status());
            assertEquals(400, hub.publish().data("no topic").send().status());
            assertEquals(401, hub.publish().token(null).topic(TOPIC).data("x").send().status());
            assertEquals(401, hub.publish().token(Tokens.wrongKey().publisher("*")).topic(TOPIC).data("x").send().status());
            assertEquals(401, hub.publish().token(hub.tokens().expiredPublisher("*")).topic(TOPIC).data("x").send().status());
            assertEquals(403, hub.publish().token(hub.tokens().publisher("https://example.com/other")).topic(TOPIC)
                    .data("x").send().status());
            assertEquals(413, hub.publish().topic(TOPIC).data("x".repeat(500)).send().status());
            assertEquals(415, hub.publish().topic(TOPIC).data("x").contentType("text/plain").send().status());
            HttpResult limited;
            do {
                limited = hub.publish().topic(TOPIC).data("again").send();
            } while (limited.status() == 200);
            assertEquals(429, limited.status(), limited.toString());
            // A subscription with a bad token is counted too.
            assertEquals(401, hub.subscriber().token(Tokens.wrongKey().subscriber("*")).topics(TOPIC).connect().awaitOpen());

            Scrape.await(hub, v -> v == 1, "herald_publishes_total", "outcome", "415");
            Exposition exposition = Scrape.of(hub);
            double accepted = exposition.value("herald_publishes_total", "outcome", "accepted");
            assertTrue(accepted >= 2, "the first publish and those before the limit: " + accepted);
            Map.of("400", 1, "401", 3, "403", 1, "413", 1, "415", 1, "429", 1, "503", 0).forEach(
                    (outcome, count) -> assertEquals((double) count, exposition.value("herald_publishes_total", "outcome", outcome), outcome));
            Map.of("missing", 1, "invalid", 2, "expired", 1, "forbidden", 1).forEach(
                    (reason, count) -> assertEquals((double) count, exposition.value("herald_auth_failures_total", "reason", reason), reason));
        }
    }
}
