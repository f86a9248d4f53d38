package dev.herald.cluster;

import dev.herald.testing.LongPoller;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes that share one Redis behave as one hub: whichever node a publish goes through and
 * whichever node and transport a subscriber uses, every subscriber sees every acknowledged update
 * exactly once, all in the same order, and can resume after an id published on another node.
 */
class ClusterOrderTest {
    private static final String FEEDS = "https://example.com/feeds/{publisher}";
    private static final int PER_PUBLISHER = 100;

    @Test
    void concurrentPublishesOnEveryNodeReachEverySubscriberInOneOrder() throws Exception {
        try (Cluster cluster = Cluster.start(3, "--poll-timeout", "2s")) {
            List<TestHub> nodes = cluster.nodes();
            int total = nodes.size() * PER_PUBLISHER;
            // Everyone resumes after this update, so no subscriber can miss the start of the publishes.
            String start = cluster.node(0).publish().topic(feed("start")).data("start").sendOk();
            List<SseClient> sse = new ArrayList<>();
            List<WsClient> ws = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(2 * nodes.size());
            try {
                for (TestHub node : nodes) {
                    sse.add(node.subscriber().topics(FEEDS).lastEventId(start).open());
                    WsClient socket = WsClient.connect(node, "topic=" + TestHub.encode(FEEDS)
                            + "&lastEventID=" + TestHub.encode(start));
                    ws.add(socket);
                    socket.next("subscribed");
                }
                List<Future<List<String>>> polled = new ArrayList<>();
                for (TestHub node : nodes) {
                    polled.add(pool.submit(() -> pollIds(node, start, total)));
                }
                List<Future<Map<String, String>>> publishers = new ArrayList<>();
                for (int p = 0; p < nodes.size(); p++) {
                    TestHub node = nodes.get(p);
                    String name = "node" + p;
                    publishers.add(pool.submit(() -> publish(node, name)));
                }

                Map<String, String> dataById = new LinkedHashMap<>();
                List<List<String>> acknowledgedPerPublisher = new ArrayList<>();
                for (Future<Map<String, String>> publisher : publishers) {
                    Map<String, String> acknowledged = publisher.get(60, TimeUnit.SECONDS);
                    dataById.putAll(acknowledged);
                    acknowledgedPerPublisher.add(List.copyOf(acknowledged.keySet()));
                }
                assertEquals(total, dataById.size(), "every publish has its own id");

                List<SseEvent> reference = sse.get(0).next(total);
                List<String> order = reference.stream().map(SseEvent::id).toList();
                assertEquals(total, new HashSet<>(order).size(), "no update twice: " + order);
                assertEquals(dataById.keySet(), new HashSet<>(order), "exactly the acknowledged updates");
                for (SseEvent event : reference) {
                    assertEquals(dataById.get(event.id()), event.data(), "data of " + event.id());
                }
                for (List<String> acknowledged : acknowledgedPerPublisher) {
                    Set<String> mine = new HashSet<>(acknowledged);
                    assertEquals(acknowledged, order.stream().filter(mine::contains).toList(),
                            "a publisher's updates in the order it published them");
                }
                for (int i = 0; i < nodes.size(); i++) {
                    if (i > 0) {
                        assertEquals(order, sse.get(i).next(total).stream().map(SseEvent::id).toList(), "SSE on node " + i);
                    }
                    List<String> overWs = new ArrayList<>();
                    for (int k = 0; k < total; k++) {
                        overWs.add(ws.get(i).next("update").getString("id"));
                    }
                    assertEquals(order, overWs, "WebSocket on node " + i);
                    // Longer than the poller's own deadline, so that its message (what the polls answered) shows.
                    assertEquals(order, polled.get(i).get(45, TimeUnit.SECONDS), "long-poll on node " + i);
                }

                String sentinel = cluster.node(2).publishSentinel(feed("end"));
                for (int i = 0; i < nodes.size(); i++) {
                    assertEquals(sentinel, sse.get(i).next().id(), "nothing after the publishes but the sentinel, SSE " + i);
                    assertEquals(sentinel, ws.get(i).next("update").getString("id"), "and on WebSocket " + i);
                }
            } finally {
                pool.shutdownNow();
                sse.forEach(SseClient::close);
                ws.forEach(WsClient::close);
            }
        }
    }

    @Test
    void everyNodeResumesAfterAnIdPublishedOnAnother() {
        try (Cluster cluster = Cluster.start(3)) {
            TestHub publisherNode = cluster.node(0);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                if (i % 2 == 0) {
                    ids.add(publisherNode.publish().topic(feed("a")).data("generated " + i).sendOk());
                } else {
                    String chosen = "urn:example:chosen-" + i;
                    assertEquals(chosen, publisherNode.publish().topic(feed("a")).data("chosen " + i).id(chosen).sendOk());
                    ids.add(chosen);
                }
            }
            for (int anchor : new int[] {3, 6}) { // a chosen id, a generated one
                for (TestHub node : List.of(cluster.node(1), cluster.node(2))) {
                    List<String> after = List.copyOf(ids.subList(anchor + 1, ids.size()));
                    try (SseClient resumed = node.subscriber().topics(FEEDS).lastEventId(ids.get(anchor)).open()) {
                        assertEquals(200, resumed.status());
                        assertEquals(ids.get(anchor), resumed.header("Last-Event-ID"), "the id is known on every node");
                        assertEquals(after, resumed.next(after.size()).stream().map(SseEvent::id).toList(),
                                "SSE after " + ids.get(anchor) + " on node " + node.port());
                        assertEquals(after, pollIds(node, ids.get(anchor), after.size()),
                                "long-poll after " + ids.get(anchor) + " on node " + node.port());
                        String sentinel = publisherNode.publishSentinel(feed("a"));
                        assertEquals(sentinel, resumed.next().id(), "nothing else was replayed");
                        ids.add(sentinel);
                    }
                }
            }
        }
    }

    private static String feed(String publisher) {
        return "https://example.com/feeds/" + publisher;
    }

    /** Publishes {@link #PER_PUBLISHER} updates one after the other; returns id → data in publish order. */
    private static Map<String, String> publish(TestHub node, String name) {
        Map<String, String> acknowledged = new LinkedHashMap<>();
        for (int k = 0; k < PER_PUBLISHER; k++) {
            String data = name + "-" + k;
            acknowledged.put(node.publish().topic(feed(name)).data(data).sendOk(), data);
        }
        return acknowledged;
    }

    /** Long-polls {@link #FEEDS} after {@code after} until {@code count} updates arrived; returns their ids. */
    private static List<String> pollIds(TestHub node, String after, int count) {
        List<String> ids = new ArrayList<>();
        List<String> answers = new ArrayList<>(); // what each poll asked and got, for a failure's message
        String last = after;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ids.size() < count && System.nanoTime() < deadline) {
            LongPoller.Poll poll = LongPoller.poll(node, last, null, FEEDS);
            assertEquals(200, poll.status(), () -> "poll answered " + poll.body());
            for (JsonObject update : poll.updates()) {
                ids.add(update.getString("id"));
            }
            answers.add("after " + last + ": " + poll.updates().size() + " updates, resume from " + poll.lastEventId());
            last = poll.lastEventId();
        }
        assertTrue(ids.size() >= count, "long-poll got only " + ids.size() + " of " + count + "; the polls: "
                + answers.subList(Math.max(0, answers.size() - 10), answers.size()));
        return ids;
    }
}
