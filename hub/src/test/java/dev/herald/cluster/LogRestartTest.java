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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the log restarts under the nodes (Redis flushed, or replaced by an empty one), no
 * subscriber is left believing its position still means something: each is closed with
 * {@code history_lost} without waiting for a publish, learns on reconnecting that its last id is
 * unknown ({@code earliest}), and then receives new updates as usual.
 */
class LogRestartTest {
    private static final String TOPIC = "https://example.com/restart";
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

    @Test
    void flushAllClosesEverySubscriberAndTheyResumeFromEarliest() throws Exception {
        try (Cluster cluster = Cluster.start(2)) {
            List<AutoCloseable> connections = new ArrayList<>();
            List<SseClient> sse = new ArrayList<>();
            List<WsClient> ws = new ArrayList<>();
            try {
                for (TestHub node : cluster.nodes()) {
                    SseClient events = node.subscribe(TOPIC);
                    WsClient socket = WsClient.connect(node, "topic=" + TestHub.encode(TOPIC));
                    connections.addAll(List.of(events, socket));
                    sse.add(events);
                    ws.add(socket);
                    socket.next("subscribed");
                }
                String last = null;
                for (int i = 0; i < 3; i++) {
                    last = cluster.node(i % 2).publish().topic(TOPIC).data("before " + i).sendOk();
                }
                for (int i = 0; i < sse.size(); i++) {
                    assertEquals(last, sse.get(i).next(3).get(2).id());
                    ws.get(i).next("update");
                    ws.get(i).next("update");
                    assertEquals(last, ws.get(i).next("update").getString("id"));
                }

                cluster.redis().flushAll();

                for (int i = 0; i < sse.size(); i++) {
                    assertTrue(sse.get(i).awaitEnd(CLOSE_BOUND), "the SSE stream on node " + i + " ends");
                    assertEquals(4009, ws.get(i).awaitClose(CLOSE_BOUND), "WebSocket on node " + i + " closed with history_lost");
                }
                List<SseClient> resumedSse = new ArrayList<>();
                List<WsClient> resumedWs = new ArrayList<>();
                for (TestHub node : cluster.nodes()) {
                    SseClient again = node.subscriber().topics(TOPIC).lastEventId(last).open();
                    resumedSse.add(again);
                    connections.add(again);
                    assertEquals(200, again.status());
                    assertEquals("earliest", again.header("Last-Event-ID"), "the old id is unknown to the new log");
                    WsClient socket = WsClient.connect(node, "topic=" + TestHub.encode(TOPIC)
                            + "&lastEventID=" + TestHub.encode(last));
                    resumedWs.add(socket);
                    connections.add(socket);
                    JsonObject subscribed = socket.next("subscribed");
                    assertEquals("earliest", subscribed.getString("lastEventID"), "and so says the WebSocket");
                }

                List<String> after = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    after.add(cluster.node(i % 2).publish().topic(TOPIC).data("after " + i).sendOk());
                }
                for (int i = 0; i < resumedSse.size(); i++) {
                    assertEquals(after, resumedSse.get(i).next(after.size()).stream().map(SseEvent::id).toList(),
                            "SSE on node " + i + " receives the new log");
                    List<String> overWs = new ArrayList<>();
                    for (int k = 0; k < after.size(); k++) {
                        overWs.add(resumedWs.get(i).next("update").getString("id"));
                    }
                    assertEquals(after, overWs, "WebSocket on node " + i + " receives the new log");
                }
            } finally {
                for (AutoCloseable connection : connections) {
                    connection.close();
                }
            }
        }
    }
}
