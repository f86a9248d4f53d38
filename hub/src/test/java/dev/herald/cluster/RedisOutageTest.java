package dev.herald.cluster;

import dev.herald.testing.Await;
import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

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

    /** One publish of the update with id {@code id}: when it was sent and answered (nanoTime), and the status. */
    private record Attempt(String id, long sentAt, long answeredAt, int status) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(answeredAt - sentAt);
        }

        boolean within(long from, long to) {
            return sentAt > from && answeredAt < to;
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
                for (int i = 0; i < sse.size(); i++) {
                    assertFalse(sse.get(i).isEnded(), "SSE subscriber " + i + " stayed connected");
                    assertTrue(sse.get(i).commentCount() >= heartbeatsBefore.get(i) + 5,
                            "heartbeats went on during the outage on SSE subscriber " + i);
                    assertFalse(ws.get(i).isClosed(), "WebSocket subscriber " + i + " stayed connected");
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

                // A publish refused while it straddled the stop or the start may have been stored all
                // the same (Redis wrote it, the answer was lost): a retry with the same id would tell.
                // One refused entirely within the outage never is.
                Set<String> maybeStored = new HashSet<>();
                int refusedInOutage = 0;
                for (Attempt attempt : attempts) {
                    assertTrue(attempt.status() == 200 || attempt.status() == 503, "200 or 503: " + attempt);
                    assertTrue(attempt.millis() <= ANSWER_BOUND_MILLIS, "answered within the Redis timeout: " + attempt);
                    if (attempt.within(downAt, upAt)) {
                        assertEquals(503, attempt.status(), "Redis was down for all of " + attempt);
                        refusedInOutage++;
                    } else if (attempt.status() == 503) {
                        maybeStored.add(attempt.id());
                    }
                }
                assertTrue(refusedInOutage > 0, "some publishes met the outage");

                List<String> accepted = accepted(attempts);
                String sentinel = cluster.node(1).publishSentinel(TOPIC);
                for (int i = 0; i < nodes.size(); i++) {
                    int index = i;
                    assertEquals(accepted, receivedUntil(sentinel, () -> sse.get(index).next().id(), maybeStored),
                            "SSE subscriber " + i + " got exactly the accepted updates, in order");
                    assertEquals(accepted, receivedUntil(sentinel, () -> ws.get(index).next("update").getString("id"), maybeStored),
                            "WebSocket subscriber " + i + " got exactly the accepted updates, in order");
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

    /** The ids received up to {@code sentinel}, without those of publishes that may have been stored though refused. */
    private static List<String> receivedUntil(String sentinel, Supplier<String> nextId, Set<String> maybeStored) {
        List<String> received = new ArrayList<>();
        for (String id = nextId.get(); !id.equals(sentinel); id = nextId.get()) {
            if (!maybeStored.contains(id)) {
                received.add(id);
            }
        }
        return received;
    }

    /**
     * Publishes through the nodes in turn, one every 50 ms, until told to stop; records every answer.
     * Each publish names its own id, so a refused one can be recognised should it be stored anyway.
     */
    private static void publishSteadily(List<TestHub> nodes, List<Attempt> attempts, AtomicBoolean publishing) {
        for (int i = 0; publishing.get(); i++) {
            String id = "urn:example:outage-" + i;
            long sentAt = System.nanoTime();
            HttpResult result = nodes.get(i % nodes.size()).publish().topic(TOPIC).data("update " + i).id(id).send();
            attempts.add(new Attempt(id, sentAt, System.nanoTime(), result.status()));
            if (result.status() == 200) {
                assertEquals(id, result.body(), "the publish is acknowledged with its own id");
            }
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
        return attempts.stream().filter(attempt -> attempt.status() == 200).map(Attempt::id).toList();
    }

    private static int readyz(TestHub node) {
        return Http.get(node.baseUrl() + "/readyz").status();
    }
}
