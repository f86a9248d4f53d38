package dev.herald.server;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** protocol-spec/http-api.md, "Probes": JSON that names each check. */
class HealthTest {

    @Test
    void aServingHubIsAliveAndReady() {
        try (TestHub hub = TestHub.start()) {
            HttpResult health = Http.get(hub.baseUrl() + "/healthz");
            assertEquals(200, health.status());
            assertEquals("application/json", health.headers().get("Content-Type"));
            assertEquals(new JsonObject().put("status", "ok").put("checks", new JsonObject().put("event_loops", "ok")),
                    new JsonObject(health.body()));

            HttpResult ready = Http.get(hub.baseUrl() + "/readyz");
            assertEquals(200, ready.status());
            assertEquals(new JsonObject().put("status", "ready").put("checks", new JsonObject()
                    .put("listening", "ok").put("broker", "ok").put("draining", "no")), new JsonObject(ready.body()));
        }
    }

    @Test
    void aLoopWithoutARecentBeatIsBlocked() {
        LoopWatch loops = new LoopWatch();
        AtomicLong first = loops.add();
        AtomicLong second = loops.add();
        long now = System.nanoTime();
        first.set(now);
        second.set(now - LoopWatch.BLOCKED_AFTER.toNanos() + 1_000_000);
        assertEquals(0, loops.blocked(now));
        second.set(now - LoopWatch.BLOCKED_AFTER.toNanos() - 1_000_000);
        assertEquals(1, loops.blocked(now));
    }
}
