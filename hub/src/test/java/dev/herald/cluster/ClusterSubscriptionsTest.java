package dev.herald.cluster;

import dev.herald.testing.Await;
import dev.herald.testing.ForkedHub;
import dev.herald.testing.RedisServer;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.herald.testing.SubscriptionsApiClient.PATH;
import static dev.herald.testing.SubscriptionsApiClient.listed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Active subscriptions across a cluster: the list from any node holds the subscribers of every
 * live node, events reach every node, and a node that goes away leaves the list.
 */
class ClusterSubscriptionsTest {
    private static final String ON_FIRST = "https://example.com/on-first";
    private static final String ON_SECOND = "https://example.com/on-second";

    @Test
    void eitherNodeListsTheSubscribersOfBothAndAStoppedNodeLeavesTheList() {
        try (Cluster cluster = Cluster.start(2, "--subscription-events")) {
            TestHub first = cluster.node(0);
            TestHub second = cluster.node(1);
            String admin = first.tokens().subscriber("*");
            SseClient onFirst = first.subscribe(ON_FIRST);
            SseClient onSecond = second.subscribe(ON_SECOND);
            for (TestHub node : cluster.nodes()) {
                Await.until("node " + node.port() + " lists both nodes' subscribers", Duration.ofSeconds(5),
                        () -> listed(node.baseUrl(), admin, ON_FIRST).size() == 1
                                && listed(node.baseUrl(), admin, ON_SECOND).size() == 1);
            }
            onFirst.close();
            onSecond.close();
            SseClient stays = second.subscribe(ON_SECOND);
            Await.until("only the open subscription is listed", Duration.ofSeconds(5),
                    () -> listed(first.baseUrl(), admin, ON_FIRST).isEmpty()
                            && listed(first.baseUrl(), admin, ON_SECOND).size() == 1);
            second.close();
            assertEquals(0, listed(first.baseUrl(), admin, ON_SECOND).size(), "a stopped node takes its own along");
            stays.close();
        }
    }

    @Test
    void anEventOfOneNodeReachesAWatcherOnTheOther() {
        try (Cluster cluster = Cluster.start(2, "--subscription-events")) {
            String template = PATH + "/{topic}{/subscriber}";
            try (SseClient watcher = cluster.node(1).subscriber().topics(template)
                    .token(cluster.node(1).tokens().subscriber(template)).open();
                 SseClient other = cluster.node(0).subscribe(ON_FIRST)) {
                assertTrue(nextAbout(watcher, ON_FIRST, Duration.ofSeconds(5)).getBoolean("active"));
            }
        }
    }

    @Test
    void aKilledNodesSubscriptionsLeaveTheListAndAnotherNodeAnnouncesTheirEnd() {
        String template = PATH + "/{topic}{/subscriber}";
        try (RedisServer redis = RedisServer.launch();
             TestHub survivor = TestHub.start("--anonymous", "--redis-url", redis.url(), "--subscription-events");
             ForkedHub doomed = ForkedHub.start("256m", "--anonymous", "--redis-url", redis.url(),
                     "--subscription-events")) {
            Cluster.awaitReady(survivor.baseUrl());
            Cluster.awaitReady(doomed.baseUrl());
            String admin = survivor.tokens().subscriber("*");
            SseClient watcher = survivor.subscriber().topics(template).token(survivor.tokens().subscriber(template)).open();
            SseClient onDoomed = doomed.subscriber().topics(ON_FIRST).open();
            JsonObject started = nextAbout(watcher, ON_FIRST, Duration.ofSeconds(5));
            assertTrue(started.getBoolean("active"));
            Await.until("the survivor lists the doomed node's subscriber", Duration.ofSeconds(5),
                    () -> listed(survivor.baseUrl(), admin, ON_FIRST).size() == 1);
            doomed.kill();
            long killed = System.nanoTime();
            Await.until("the killed node's subscription leaves the list", Duration.ofSeconds(20),
                    () -> listed(survivor.baseUrl(), admin, ON_FIRST).isEmpty());
            assertTrue(System.nanoTime() - killed > Duration.ofSeconds(5).toNanos(),
                    "it stayed while its liveness lasted");
            JsonObject ended = nextAbout(watcher, ON_FIRST, Duration.ofSeconds(20));
            assertFalse(ended.getBoolean("active"), "the survivor announces the end");
            assertEquals(started.getString("subscriber"), ended.getString("subscriber"));
            assertEquals(started.getString("id"), ended.getString("id"));
            onDoomed.close();
            watcher.close();
        }
    }

    @Test
    void whileRedisDoesNotAnswerTheListIs503ThenComesBack() {
        try (Cluster cluster = Cluster.start(1, "--subscription-events", "--redis-timeout", "500ms");
             SseClient client = cluster.node(0).subscribe(ON_FIRST)) {
            TestHub node = cluster.node(0);
            String admin = node.tokens().subscriber("*");
            Await.until("listed", Duration.ofSeconds(5), () -> listed(node.baseUrl(), admin, ON_FIRST).size() == 1);
            cluster.redis().freeze();
            try {
                var refused = dev.herald.testing.SubscriptionsApiClient.get(node.baseUrl(), PATH, admin);
                assertEquals(503, refused.status(), refused.toString());
                assertEquals("5", refused.header("Retry-After"));
            } finally {
                cluster.redis().thaw();
            }
            Await.until("listed again once Redis answers", Duration.ofSeconds(10),
                    () -> listed(node.baseUrl(), admin, ON_FIRST).size() == 1);
        }
    }

    @Test
    void everyKeyOfTheDirectoryExpiresSoNothingOutlivesAStoppedCluster() {
        try (RedisServer redis = RedisServer.launch();
             TestHub node = TestHub.start("--anonymous", "--redis-url", redis.url(), "--subscription-events");
             SseClient client = node.subscribe(ON_FIRST)) {
            Cluster.awaitReady(node.baseUrl());
            String admin = node.tokens().subscriber("*");
            Await.until("listed", Duration.ofSeconds(5), () -> listed(node.baseUrl(), admin, ON_FIRST).size() == 1);
            for (String key : new String[] {"{herald}:nodes", "{herald}:subscriptions:*", "{herald}:node:*"}) {
                List<?> found = (List<?>) redis.command("KEYS", key);
                assertEquals(1, found.size(), key + ": " + found);
                String name = String.valueOf(found.get(0));
                long ttl = (Long) redis.command("PTTL", name);
                assertTrue(ttl > 0, name + " expires (PTTL " + ttl + ")");
            }
        }
    }

    @Test
    void aNodeWhoseLivenessLapsedAnnouncesItsSubscriptionsActiveAgainWhenItWritesThemBack() {
        String template = PATH + "/{topic}{/subscriber}";
        try (RedisServer redis = RedisServer.launch();
             TestHub node = TestHub.start("--anonymous", "--redis-url", redis.url(), "--subscription-events")) {
            Cluster.awaitReady(node.baseUrl());
            String admin = node.tokens().subscriber("*");
            try (SseClient watcher = node.subscriber().topics(template).token(node.tokens().subscriber(template)).open();
                 SseClient client = node.subscriber().topics(ON_FIRST).open()) {
                JsonObject started = nextAbout(watcher, ON_FIRST, Duration.ofSeconds(5));
                assertTrue(started.getBoolean("active"));
                // What another node does to a node frozen past its liveness (takes its hash and
                // announces the ends), or Redis losing its data.
                for (String pattern : new String[] {"{herald}:node:*", "{herald}:subscriptions:*"}) {
                    for (Object key : (List<?>) redis.command("KEYS", pattern)) {
                        redis.command("DEL", String.valueOf(key));
                    }
                }
                JsonObject again = nextAbout(watcher, ON_FIRST, Duration.ofSeconds(10));
                assertTrue(again.getBoolean("active"), again.encode());
                assertEquals(started.getString("id"), again.getString("id"));
                Await.until("listed again", Duration.ofSeconds(5), () -> listed(node.baseUrl(), admin, ON_FIRST).size() == 1);
            }
        }
    }

    /** The next subscription document about {@code topic}, skipping the others. */
    private static JsonObject nextAbout(SseClient watcher, String topic, Duration timeout) {
        while (true) {
            JsonObject document = new JsonObject(watcher.next(timeout).data());
            if (topic.equals(document.getString("topic"))) {
                return document;
            }
        }
    }
}
