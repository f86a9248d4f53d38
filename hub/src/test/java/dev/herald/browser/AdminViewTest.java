package dev.herald.browser;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The admin view in a real browser: it shows the node's connections, publishes and deliveries as
 * they happen, read from the same meters as /metrics and behind the same token.
 *
 * <p>Needs Chromium ({@code apt-get install -y chromium}); skipped without it.
 */
class AdminViewTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "admin-view-test-token";

    /** Resolves with the view's cells once {@code ready} holds for them, or rejects with what they showed. */
    private static final String AWAIT_CELLS = """
            new Promise((resolve, reject) => {
              const cells = () => Object.fromEntries([...document.querySelectorAll('td[id], p[id]')]
                  .map(cell => [cell.id, cell.textContent]));
              const ready = %s;
              const started = Date.now();
              const check = () => {
                const now = cells();
                if (ready(now)) resolve(now);
                else if (Date.now() - started > 10000) reject(new Error('the view showed ' + JSON.stringify(now)));
                else setTimeout(check, 100);
              };
              check();
            })""";

    @Test
    void theViewShowsConnectionsPublishesAndDeliveriesAsTheyHappen() throws Exception {
        Optional<Path> executable = Chromium.find();
        assumeTrue(executable.isPresent(), "Chromium is not installed: apt-get install -y chromium");
        Vertx vertx = Vertx.vertx();
        try (TestHub hub = TestHub.start("--anonymous", "--metrics-token", TOKEN);
             Chromium chromium = Chromium.launch(vertx, executable.get(), WAIT);
             SseClient subscriber = hub.subscribe("news")) {
            for (int i = 0; i < 3; i++) {
                hub.publish().topic("news").data("update " + i).sendOk();
                subscriber.next();
            }

            chromium.navigate(hub.baseUrl() + "/admin#token=" + TOKEN);
            JsonObject cells = (JsonObject) chromium.evaluate(AWAIT_CELLS.formatted(
                    "cells => cells['conn-sse'] === '1' && cells['deliveries'] === '3'"));
            assertEquals("0", cells.getString("conn-websocket"), cells.encode());
            assertEquals("3", cells.getString("publishes"), cells.encode());
            assertEquals("in-memory: up", cells.getString("broker"), cells.encode());
            assertEquals("no", cells.getString("draining"), cells.encode());
            assertEquals("", cells.getString("error"), cells.encode());

            // Rates come from two successive readings: one more publish shows up as a rate above 0.
            hub.publish().topic("news").data("one more").sendOk();
            subscriber.next();
            chromium.evaluate(AWAIT_CELLS.formatted(
                    "cells => cells['deliveries'] === '4' && parseFloat(cells['delivery-rate']) > 0"));

            chromium.navigate(hub.baseUrl() + "/admin");
            JsonObject withoutToken = (JsonObject) chromium.evaluate(AWAIT_CELLS.formatted(
                    "cells => cells['error'] !== ''"));
            assertTrue(withoutToken.getString("error").contains("needs the metrics token"), withoutToken.encode());
        } finally {
            vertx.close().await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void theStatsNeedTheMetricsToken() {
        try (TestHub hub = TestHub.start("--anonymous", "--metrics-token", TOKEN)) {
            assertEquals(401, Http.get(hub.baseUrl() + "/admin/stats").status());
            HttpResult stats = Http.get(hub.baseUrl() + "/admin/stats", Map.of("Authorization", "Bearer " + TOKEN));
            assertEquals(200, stats.status(), stats.toString());
            JsonObject json = new JsonObject(stats.body());
            assertEquals(0L, json.getJsonObject("connections").getLong("sse"));
            assertTrue(json.getString("node").contains(":"), json.encode());
        }
    }
}
