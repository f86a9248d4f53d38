package dev.herald.cluster;

import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node drained while publishes go on through another: its SSE and WebSocket subscribers move to
 * the other node with their last id and end up with exactly the published sequence, no gap and no
 * duplicate.
 */
class ClusterDrainTest {
    private static final String TOPIC = "ticker";
    private static final int PUBLISHES = 300;

    @Test
    void subscribersOfADrainedNodeResumeOnAnotherWithoutGapOrDuplicate() throws Exception {
        try (Cluster cluster = Cluster.start(2, "--drain-window", "1s", "--shutdown-timeout", "5s")) {
            TestHub drained = cluster.node(0);
            TestHub other = cluster.node(1);
            String start = other.publish().topic(TOPIC).data("start").sendOk();
            SseClient sse = drained.subscriber().topics(TOPIC).lastEventId(start).open();
            WsClient ws = WsClient.connect(drained, query(start));
            ws.next("subscribed");
            List<String> sseIds = new ArrayList<>();
            List<String> wsIds = new ArrayList<>();
            CompletableFuture<List<String>> published = CompletableFuture.supplyAsync(() -> publishSteadily(other));
            try {
                for (SseEvent event : sse.next(PUBLISHES / 5)) {
                    sseIds.add(event.id());
                }
                while (wsIds.size() < PUBLISHES / 5) {
                    wsIds.add(ws.next("update").getString("id"));
                }
                CompletableFuture<Void> drain = drained.server().drain().toCompletionStage().toCompletableFuture();

                assertTrue(sse.awaitEnd(Duration.ofSeconds(3)), "the stream ends within the drain window");
                assertTrue(sse.lines().stream().anyMatch(line -> line.startsWith("retry: ")), "a reconnect hint");
                for (SseEvent event; (event = sse.poll()) != null; ) {
                    sseIds.add(event.id());
                }
                assertEquals(1012, ws.awaitClose(Duration.ofSeconds(3)));
                for (JsonObject message; (message = ws.poll()) != null; ) {
                    if ("update".equals(message.getString("type"))) {
                        wsIds.add(message.getString("id"));
                    }
                }
                assertFalse(published.isDone(), "publishes went on through the drain");

                String sseLast = sseIds.get(sseIds.size() - 1);
                sse = other.subscriber().topics(TOPIC).lastEventId(sseLast).open();
                assertEquals(sseLast, sse.header("Last-Event-ID"), "the other node knows the last id");
                ws.close();
                ws = WsClient.connect(other, query(wsIds.get(wsIds.size() - 1)));
                ws.next("subscribed");

                List<String> expected = published.get(60, TimeUnit.SECONDS);
                for (SseEvent event : sse.next(expected.size() - sseIds.size())) {
                    sseIds.add(event.id());
                }
                while (wsIds.size() < expected.size()) {
                    wsIds.add(ws.next("update").getString("id"));
                }
                assertEquals(expected, sseIds, "the SSE subscriber has exactly the published sequence");
                assertEquals(expected, wsIds, "the WebSocket subscriber has exactly the published sequence");
                String sentinel = other.publishSentinel(TOPIC);
                assertEquals(sentinel, sse.next().id(), "and nothing more");
                assertEquals(sentinel, ws.next("update").getString("id"), "and nothing more");
                drain.get(5, TimeUnit.SECONDS);
            } finally {
                sse.close();
                ws.close();
                published.cancel(true);
            }
        }
    }

    private static String query(String lastEventId) {
        return "topic=" + TestHub.encode(TOPIC) + "&lastEventID=" + TestHub.encode(lastEventId);
    }

    /** Publishes {@link #PUBLISHES} updates through {@code node}, one every few milliseconds; returns their ids. */
    private static List<String> publishSteadily(TestHub node) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PUBLISHES; i++) {
            ids.add(node.publish().topic(TOPIC).data("tick " + i).sendOk());
            try {
                Thread.sleep(10); // a steady stream, so the drain lands while it runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ids;
    }
}
