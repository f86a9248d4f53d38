package dev.herald.redis;

import dev.herald.testing.Await;
import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.RedisSentinel;
import dev.herald.testing.RedisServer;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis that hangs instead of refusing (a frozen process, a host gone silent): publishes get 503
 * within {@code redis_timeout}, the node reports not ready, and once Redis answers again everything
 * resumes. A node started while Redis is down serves once Redis answers. Also: finding the master
 * through Sentinel.
 */
class RedisAvailabilityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aHungRedisGets503WithinTheTimeoutAndTheNodeRecoversWhenItAnswersAgain() {
        try (RedisServer redis = RedisServer.launch();
             TestHub hub = TestHub.start("--anonymous", "--redis-url", redis.url(), "--redis-timeout", "500ms",
                     "--heartbeat-interval", "200ms");
             SseClient subscriber = hub.subscribe("news")) {
            String before = hub.publish().topic("news").data("before").sendOk();
            assertEquals(before, subscriber.next().id());

            redis.freeze();
            long start = System.nanoTime();
            HttpResult refused = hub.publish().topic("news").id("maybe").data("during").send();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, refused.status(), refused.toString());
            assertTrue(refused.body().contains("may not be published"), refused.body());
            assertTrue(tookMillis < 1_500, "answered after " + tookMillis + " ms with redis_timeout 500ms");
            awaitReadiness(hub, 503);
            int heartbeats = subscriber.commentCount();
            subscriber.awaitComments(heartbeats + 2, WAIT); // still connected, still kept alive

            redis.thaw();
            awaitReadiness(hub, 200);
            String after = hub.publish().topic("news").data("after").sendOk();
            List<String> received = new ArrayList<>();
            for (SseEvent event = subscriber.next(WAIT); ; event = subscriber.next(WAIT)) {
                received.add(event.id());
                if (event.id().equals(after)) {
                    break;
                }
            }
            // The refused publish had reached Redis's socket before the node gave up: Redis may
            // have stored it once it answered again. If so, it is delivered, in its place.
            assertTrue(received.equals(List.of(after)) || received.equals(List.of("maybe", after)),
                    "received " + received);
        }
    }

    @Test
    void aNodeStartedBeforeRedisRefusesSubscriptionsUntilItFollowsTheLog() {
        try (RedisServer redis = RedisServer.launch()) {
            redis.stop();
            try (TestHub hub = TestHub.start("--anonymous", "--redis-url", redis.url(), "--redis-timeout", "300ms")) {
                try (SseClient early = hub.subscriber().topics("news").connect()) {
                    // Its replay could end before the node's first live update: refused, not left with a gap.
                    assertEquals(503, early.awaitOpen());
                }
                HttpResult ready = Http.get(hub.baseUrl() + "/readyz");
                assertEquals(503, ready.status());
                JsonObject readiness = new JsonObject(ready.body());
                assertEquals("not_ready", readiness.getString("status"));
                assertNotEquals("ok", readiness.getJsonObject("checks").getString("broker"), "the broker names why");
                assertEquals("no", readiness.getJsonObject("checks").getString("draining"));
                assertEquals(200, Http.get(hub.baseUrl() + "/healthz").status(), "Redis down is no reason to restart");

                redis.start();
                awaitReadiness(hub, 200);
                try (SseClient subscriber = hub.subscribe("news")) {
                    String id = hub.publish().topic("news").data("now").sendOk();
                    assertEquals(id, subscriber.next().id());
                }
            }
        }
    }

    @Test
    void theMasterIsFoundThroughSentinel() {
        try (RedisServer redis = RedisServer.launch();
             RedisSentinel sentinel = RedisSentinel.watching(redis);
             TestHub hub = TestHub.start("--anonymous", "--redis-sentinels", sentinel.address(),
                     "--redis-master-name", RedisSentinel.MASTER_NAME);
             SseClient subscriber = hub.subscribe("news")) {
            String id = hub.publish().topic("news").data("through sentinel").sendOk();
            assertEquals(id, subscriber.next().id());
            assertEquals(1L, redis.command("XLEN", "{herald}:log"), "the update is in the master's log");
            awaitReadiness(hub, 200);
        }
    }

    private static void awaitReadiness(TestHub hub, int status) {
        Await.until("/readyz answers " + status, WAIT, () -> Http.get(hub.baseUrl() + "/readyz").status() == status);
    }
}
