package dev.herald.cluster;

import dev.herald.testing.Await;
import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While Redis is down, publishes are refused with 503 within the Redis timeout and the nodes say
 * they are not ready; subscribers stay connected, and once Redis is back (with its data) they
 * receive exactly the accepted updates, in order, nothing else.
 */
class RedisOutageTest {
    private static final String TOPIC = "https://example.com/outage";
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    /** {@code --redis-timeout 1s}, plus room for a busy machine. */
    private static final long ANSWER_BOUND_MILLIS = 2_500;

    /** One publish: when it was sent and answered (nanoTime), and the answer. */
    private record Attempt(long sentAt, long answeredAt, int status, String body) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(answeredAt - sentAt);
        }
    }

    @Test
    void publishesDuringAnOutageGet503InTimeAndSubscribersGetExactlyTheAcceptedOnes() throws Exception {
        try (Cluster cluster = Cluster.start(2, "--redis-timeout", "1s", "--heartbeat-interval", "200ms")) {
            List<TestHub> nodes = cluster.nodes();
            String start = cluster.node(0).publish().topic(TOPIC).data("start").sendOk();
            List<SseClient> sse = new ArrayList<>();
            List<WsClient> ws = new ArrayList<>();
            List<Attempt> attempts = new CopyOnWriteArrayList<>();
            AtomicBoolean publishing = new AtomicBoolean(true);
            CompletableFuture<Void> publisher = null;
            try {
                for (TestHub node : nodes) {
                    sse.add(node.subscriber().topics(TOPIC).lastEventId(start).open());
                    WsClient socket = WsClient.connect(node, "topic=" + TestHub.encode(TOPIC)
                            + "&lastEventID=" + TestHub.encode(start));
                    socket.next("subscribed");
                    ws.add(socket);
                }
                publisher = CompletableFuture.runAsync(() -> publishSteadily(nodes, attempts, publishing));
                Await.until("10 publishes accepted", Duration.ofSeconds(10), () -> accepted(attempts).size() >= 10);

                cluster.redis().stop();
                long downAt = System.nanoTime();
                for (TestHub node : nodes) {
                    Await.until("/readyz of " + node.port() + " says 503", Duration.ofSeconds(5), () -> readyz(node) == 503);
                }
                List<Integer> heartbeatsBefore = sse.stream().map(SseClient::commentCount).toList();
                long outageEnd = downAt + OUTAGE.toNanos();
                while (System.nanoTime() < outageEnd) {
                    for (TestHub node : nodes) {
                        assertEquals(503, readyz(node), "not ready during the outage");
                    }
                    Thread.sleep(100); // the outage lasts its time; the node is checked throughout
                }
                long upAt = System.nanoTime();
                cluster.redis().start();

                for (TestHub node : nodes) {
                    Await.until("/readyz of " + node.port() + " says 200", Duration.ofSeconds(10), () -> readyz(node) == 200);
                }
                int acceptedBeforeReturn = accepted(attempts).size();
                Await.until("10 publishes accepted after the outage", Duration.ofSeconds(10),
                        () -> accepted(attempts).size() >= acceptedBeforeReturn + 10);
                publishing.set(false);
                publisher.get(10, TimeUnit.SECONDS);

                for (int i = 0; i < sse.size(); i++) {
                    assertFalse(sse.get(i).isEnded(), "SSE subscriber " + i + " stayed connected");
                    assertTrue(sse.get(i).commentCount() >= heartbeatsBefore.get(i) + 3,
                            "heartbeats went on during the outage on SSE subscriber " + i);
                    assertFalse(ws.get(i).isClosed(), "WebSocket subscriber " + i + " stayed connected");
                }
                List<Attempt> refused = new ArrayList<>();
                for (Attempt attempt : attempts) {
                    assertTrue(attempt.status() == 200 || attempt.status() == 503, "200 or 503: " + attempt);
                    assertTrue(attempt.millis() <= ANSWER_BOUND_MILLIS, "answered within the Redis timeout: " + attempt);
                    if (attempt.sentAt() > downAt && attempt.answeredAt() < upAt) {
                        assertEquals(503, attempt.status(), "Redis was down for all of " + attempt);
                    }
                    if (attempt.status() == 503) {
                        refused.add(attempt);
                    }
                }
                assertFalse(refused.isEmpty(), "some publishes met the outage");

                List<String> accepted = accepted(attempts);
                for (int i = 0; i < nodes.size(); i++) {
                    assertEquals(accepted, sse.get(i).next(accepted.size()).stream().map(SseEvent::id).toList(),
                            "SSE subscriber " + i + " got the accepted updates, in order");
                    List<String> overWs = new ArrayList<>();
                    for (int k = 0; k < accepted.size(); k++) {
                        overWs.add(ws.get(i).next("update").getString("id"));
                    }
                    assertEquals(accepted, overWs, "WebSocket subscriber " + i + " got the accepted updates, in order");
                }
                String sentinel = cluster.node(1).publishSentinel(TOPIC);
                for (int i = 0; i < nodes.size(); i++) {
                    assertEquals(sentinel, sse.get(i).next().id(), "nothing refused arrived later, SSE " + i);
                    assertEquals(sentinel, ws.get(i).next("update").getString("id"), "nor on WebSocket " + i);
                }
            } finally {
                publishing.set(false);
                if (publisher != null) {
                    publisher.get(10, TimeUnit.SECONDS);
                }
                sse.forEach(SseClient::close);
                ws.forEach(WsClient::close);
            }
        }
    }

    /** Publishes through the nodes in turn, one every 50 ms, until told to stop; records every answer. */
    private static void publishSteadily(List<TestHub> nodes, List<Attempt> attempts, AtomicBoolean publishing) {
        for (int i = 0; publishing.get(); i++) {
            long sentAt = System.nanoTime();
            HttpResult result = nodes.get(i % nodes.size()).publish().topic(TOPIC).data("update " + i).send();
            attempts.add(new Attempt(sentAt, System.nanoTime(), result.status(), result.body()));
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The ids of the accepted publishes, in the order they were acknowledged. */
    private static List<String> accepted(List<Attempt> attempts) {
        return attempts.stream().filter(attempt -> attempt.status() == 200).map(Attempt::body).toList();
    }

    private static int readyz(TestHub node) {
        return Http.get(node.baseUrl() + "/readyz").status();
    }
}
