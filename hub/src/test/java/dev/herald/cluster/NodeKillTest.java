package dev.herald.cluster;

import dev.herald.testing.ForkedHub;
import dev.herald.testing.RedisServer;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
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
 * A node that dies mid-stream loses nothing that was published: its subscribers reconnect to
 * another node with their last id and end up with exactly the published sequence, no gap and no
 * duplicate. Nodes are processes here, so the crash is a real SIGKILL.
 */
class NodeKillTest {
    private static final String TOPIC = "https://example.com/ticker";
    private static final int PUBLISHES = 300;
    private static final int SUBSCRIBERS = 3;

    @Test
    void subscribersOfAKilledNodeResumeOnAnotherWithoutGapOrDuplicate() throws Exception {
        try (RedisServer redis = RedisServer.launch();
             ForkedHub survivor = ForkedHub.start("256m", "--anonymous", "--redis-url", redis.url());
             ForkedHub doomed = ForkedHub.start("256m", "--anonymous", "--redis-url", redis.url())) {
            Cluster.awaitReady(survivor.baseUrl());
            Cluster.awaitReady(doomed.baseUrl());
            String start = survivor.publish().topic(TOPIC).data("start").sendOk();
            List<SseClient> subscribers = new ArrayList<>();
            List<List<String>> received = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                subscribers.add(doomed.subscriber().topics(TOPIC).lastEventId(start).open());
                received.add(new ArrayList<>());
            }
            CompletableFuture<List<String>> published = CompletableFuture.supplyAsync(() -> publishSteadily(survivor));
            try {
                for (int i = 0; i < SUBSCRIBERS; i++) {
                    for (SseEvent event : subscribers.get(i).next(PUBLISHES / 5)) {
                        received.get(i).add(event.id());
                    }
                }
                doomed.kill();
                assertFalse(published.isDone(), "the node died mid-stream");

                for (int i = 0; i < SUBSCRIBERS; i++) {
                    SseClient old = subscribers.get(i);
                    assertTrue(old.awaitEnd(Duration.ofSeconds(5)), "the stream of a killed node ends");
                    for (SseEvent event; (event = old.poll()) != null; ) {
                        received.get(i).add(event.id());
                    }
                    List<String> mine = received.get(i);
                    String last = mine.get(mine.size() - 1);
                    SseClient resumed = survivor.subscriber().topics(TOPIC).lastEventId(last).open();
                    subscribers.set(i, resumed);
                    assertEquals(last, resumed.header("Last-Event-ID"), "the survivor knows the last id");
                }
                List<String> expected = published.get(60, TimeUnit.SECONDS);
                assertEquals(PUBLISHES, expected.size());
                for (int i = 0; i < SUBSCRIBERS; i++) {
                    List<String> mine = received.get(i);
                    for (SseEvent event : subscribers.get(i).next(expected.size() - mine.size())) {
                        mine.add(event.id());
                    }
                    assertEquals(expected, mine, "subscriber " + i + " has exactly the published sequence");
                }
                String sentinel = survivor.publish().topic(TOPIC).data("sentinel").sendOk();
                for (SseClient subscriber : subscribers) {
                    assertEquals(sentinel, subscriber.next().id(), "and nothing more");
                }
            } finally {
                subscribers.forEach(SseClient::close);
                published.cancel(true);
            }
        }
    }

    /** Publishes {@link #PUBLISHES} updates through {@code node}, one every few milliseconds; returns their ids. */
    private static List<String> publishSteadily(ForkedHub node) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PUBLISHES; i++) {
            ids.add(node.publish().topic(TOPIC).data("tick " + i).sendOk());
            try {
                Thread.sleep(5); // a steady stream, so the kill lands while it runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ids;
    }
}
