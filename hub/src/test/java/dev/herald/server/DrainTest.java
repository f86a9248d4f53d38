package dev.herald.server;

import dev.herald.testing.KeptConnection;
import dev.herald.testing.LongPoller;
import dev.herald.testing.RawHttp;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** protocol-spec/http-api.md, "Draining": what each client of a draining node sees. */
class DrainTest {
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(4);

    @Test
    void everyClientIsToldToGoElsewhereAndTheNodeStopsWithinShutdownTimeout() throws Exception {
        TestHub hub = TestHub.start("--anonymous", "--drain-window", WINDOW.toMillis() + "ms",
                "--shutdown-timeout", SHUTDOWN_TIMEOUT.toMillis() + "ms", "--poll-timeout", "20s");
        try (KeptConnection kept = new KeptConnection(hub.port());
             SseClient sse = hub.subscribe("news");
             WsClient ws = WsClient.connect(hub, "topic=news")) {
            assertEquals(200, kept.get("/readyz").status());
            ws.next("subscribed");
            String before = hub.publish().topic("news").data("before").sendOk();
            assertEquals(before, sse.next().id());
            assertEquals(before, ws.next("update").getString("id"));
            CompletableFuture<LongPoller.Poll> poll = CompletableFuture.supplyAsync(
                    () -> LongPoller.poll(hub, before, null, "news"));
            hub.awaitSubscriberCount(3);

            long start = System.nanoTime();
            CompletableFuture<Void> drained = hub.server().drain().toCompletionStage().toCompletableFuture();

            RawHttp.Exchange ready = kept.get("/readyz");
            assertEquals(503, ready.status());
            JsonObject readiness = new JsonObject(ready.body());
            assertEquals("not_ready", readiness.getString("status"));
            assertEquals("yes", readiness.getJsonObject("checks").getString("draining"));

            RawHttp.Exchange publish = kept.send(publishHead(hub, "topic=news&data=late") + "\r\ntopic=news&data=late");
            assertEquals(503, publish.status(), publish.response());
            assertTrue(publish.response().contains("Retry-After: "), publish.response());

            RawHttp.Exchange newConnection = RawHttp.exchange(hub, "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII), false, 3_000);
            assertEquals(503, newConnection.status(), newConnection.response());
            try (WsClient late = WsClient.connect(hub, "topic=news")) {
                // A new WebSocket gets a close code its client can read: 1012, service restart.
                assertEquals(1012, late.awaitClose(Duration.ofSeconds(3)));
            }

            LongPoller.Poll answered = poll.get(2, TimeUnit.SECONDS);
            assertEquals(200, answered.status());
            assertEquals(before, answered.lastEventId(), "the poll answers at once, resuming where it was");

            // Within the window, give or take a busy machine's second.
            Duration slack = WINDOW.plusSeconds(1);
            assertEquals(1012, ws.awaitClose(slack));
            assertTrue(sse.awaitEnd(slack), "the stream ends within the window");
            assertTrue(sse.lines().stream().anyMatch(line -> line.matches("retry: \\d+")), "lines " + sse.lines());

            drained.get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(SHUTDOWN_TIMEOUT) < 0);
        } finally {
            hub.close();
        }
    }

    @Test
    void aPublishInFlightWhenTheDrainBeginsIsStored() throws Exception {
        TestHub hub = TestHub.start("--anonymous", "--drain-window", "200ms", "--shutdown-timeout", "3s");
        try (KeptConnection kept = new KeptConnection(hub.port())) {
            String body = "topic=news&data=in+flight";
            // 100 Continue comes once the hub took the head: the publish is in flight.
            assertEquals(100, kept.send(publishHead(hub, body) + "Expect: 100-continue\r\n\r\n").status());
            CompletableFuture<Void> drained = hub.server().drain().toCompletionStage().toCompletableFuture();
            RawHttp.Exchange stored = kept.send(body);
            assertEquals(200, stored.status(), stored.response());
            assertTrue(stored.body().startsWith("urn:uuid:"), "the event id of the stored update: " + stored.body());
            drained.get(3, TimeUnit.SECONDS);
        } finally {
            hub.close();
        }
    }

    /** A publish's head up to its last header line, for a form of {@code body}'s length. */
    private static String publishHead(TestHub hub, String body) {
        return "POST /.well-known/mercure HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + hub.tokens().publisher("*") + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n";
    }
}
