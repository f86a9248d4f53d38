package dev.herald.metrics;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code metrics_token} guards the scrape; {@code metrics_listen} moves it to a listener of its own. */
class MetricsAccessTest {
    private static final String TOKEN = "scrape-token-0123456789";

    @Test
    void withATokenOnlyAScrapeThatCarriesItGetsMetrics() {
        try (TestHub hub = TestHub.start("--metrics-token", TOKEN)) {
            String url = hub.baseUrl() + "/metrics";
            HttpResult none = Http.get(url);
            assertEquals(401, none.status());
            assertEquals("Bearer", none.header("WWW-Authenticate"));
            assertEquals(401, Http.get(url, Map.of("Authorization", "Bearer " + TOKEN + "x")).status());
            assertEquals(401, Http.get(url, Map.of("Authorization", "Bearer " + TOKEN.substring(1))).status());
            assertEquals(401, Http.get(url, Map.of("Authorization", TOKEN)).status());
            HttpResult granted = Http.get(url, Map.of("Authorization", "Bearer " + TOKEN));
            assertEquals(200, granted.status());
            Exposition.parse(granted.body()).value("herald_redis_reconnects_total");
            // A refused scrape is no refused subscriber or publisher.
            assertEquals(0, Exposition.parse(granted.body()).value("herald_auth_failures_total", "reason", "missing"));
        }
    }

    @Test
    void aSeparateListenerServesMetricsAndTheMainOneNoLonger() {
        try (TestHub hub = TestHub.start("--metrics-listen", "127.0.0.1:0")) {
            int port = hub.server().metricsPort();
            assertTrue(port > 0 && port != hub.port(), "metrics port " + port);
            assertEquals(404, Http.get(hub.baseUrl() + "/metrics").status());
            HttpResult scrape = Http.get("http://127.0.0.1:" + port + "/metrics");
            assertEquals(200, scrape.status());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.contentType());
            assertEquals(0, Exposition.parse(scrape.body()).value("herald_connections", "transport", "sse"));
            assertEquals(404, Http.get("http://127.0.0.1:" + port + "/.well-known/mercure").status());
        }
    }

    @Test
    void aSeparateListenerHonoursTheToken() {
        try (TestHub hub = TestHub.start("--metrics-listen", "127.0.0.1:0", "--metrics-token", TOKEN)) {
            String url = "http://127.0.0.1:" + hub.server().metricsPort() + "/metrics";
            assertEquals(401, Http.get(url).status());
            assertEquals(200, Http.get(url, Map.of("Authorization", "Bearer " + TOKEN)).status());
        }
    }

    @Test
    void theMainListenerStaysOpenWithoutAToken() {
        try (TestHub hub = TestHub.start()) {
            assertEquals(-1, hub.server().metricsPort());
            assertEquals(200, Http.get(hub.baseUrl() + "/metrics").status());
        }
    }
}
