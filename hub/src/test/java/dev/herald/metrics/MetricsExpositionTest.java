package dev.herald.metrics;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics} is valid Prometheus text, and every meter is there from the start. */
class MetricsExpositionTest {

    /** Herald's meters, each with the sample a fresh hub exports and its Prometheus type. */
    static final Map<String, String> HERALD_SAMPLES = Map.ofEntries(
            Map.entry("herald_connections", "gauge"),
            Map.entry("herald_subscriptions", "gauge"),
            Map.entry("herald_connects_total", "counter"),
            Map.entry("herald_disconnects_total", "counter"),
            Map.entry("herald_publishes_total", "counter"),
            Map.entry("herald_deliveries_total", "counter"),
            Map.entry("herald_written_bytes_total", "counter"),
            Map.entry("herald_delivery_latency_seconds_bucket", "histogram"),
            Map.entry("herald_replays_total", "counter"),
            Map.entry("herald_replayed_updates_total", "counter"),
            Map.entry("herald_history_updates", "gauge"),
            Map.entry("herald_auth_failures_total", "counter"),
            Map.entry("herald_redis_round_trip_seconds_bucket", "histogram"),
            Map.entry("herald_redis_reader_lag", "gauge"),
            Map.entry("herald_redis_reconnects_total", "counter"),
            Map.entry("herald_jwks_fetches_total", "counter"));

    @Test
    void theWholeScrapeIsValidTextExposition() {
        try (TestHub hub = TestHub.start("--anonymous")) {
            hub.publish().topic("https://example.com/a").data("x").sendOk();
            HttpResult result = Http.get(hub.baseUrl() + "/metrics");
            assertEquals(200, result.status());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", result.contentType());
            Exposition exposition = Exposition.parse(result.body());
            assertTrue(exposition.families.size() > 30, "families: " + exposition.families.keySet());
        }
    }

    @Test
    void everyHeraldMeterIsExportedAtZeroBeforeAnythingHappens() {
        try (TestHub hub = TestHub.start()) {
            Exposition exposition = Scrape.of(hub);
            HERALD_SAMPLES.forEach((sample, type) -> assertEquals(type, exposition.typeOf(sample), sample));
            for (String transport : new String[] {"sse", "websocket", "longpoll"}) {
                assertEquals(0, exposition.value("herald_connections", "transport", transport));
                assertEquals(0, exposition.value("herald_connects_total", "transport", transport));
                assertEquals(0, exposition.value("herald_disconnects_total", "transport", transport, "reason", "client_closed"));
                assertEquals(0, exposition.value("herald_deliveries_total", "transport", transport));
                assertEquals(0, exposition.value("herald_delivery_latency_seconds_count", "transport", transport));
            }
            assertEquals(0, exposition.value("herald_disconnects_total", "transport", "longpoll", "reason", "answered"));
            for (String outcome : new String[] {"accepted", "400", "401", "403", "413", "415", "429", "503"}) {
                assertEquals(0, exposition.value("herald_publishes_total", "outcome", outcome), outcome);
            }
            for (String reason : new String[] {"missing", "invalid", "expired", "forbidden"}) {
                assertEquals(0, exposition.value("herald_auth_failures_total", "reason", reason), reason);
            }
            assertEquals(0, exposition.value("herald_redis_reconnects_total"));
            assertEquals(0, exposition.value("herald_history_updates"));
        }
    }

    @Test
    void theJvmProcessAndVertxAreMeasuredToo() {
        try (TestHub hub = TestHub.start()) {
            Http.get(hub.baseUrl() + "/healthz");
            Exposition exposition = Scrape.of(hub);
            for (String sample : new String[] {"jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total",
                    "jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage",
                    "process_uptime_seconds", "process_files_open_files", "vertx_http_server_requests_total",
                    "vertx_http_server_active_connections"}) {
                assertTrue(exposition.sampleNames().contains(sample), sample + " missing from " + exposition.sampleNames());
            }
        }
    }
}
