package dev.herald.metrics;

import dev.herald.testing.RedisServer;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With Redis: the round trip of log commands, the shared log's length, the reader's lag, reconnects. */
class RedisMetricsTest {
    private static final String TOPIC = "https://example.com/redis";

    @Test
    void logCommandsAreTimedAndTheSharedLogLengthIsReported() {
        try (RedisServer redis = RedisServer.launch();
             TestHub hub = TestHub.start("--redis-url", redis.url(), "--history-size", "1000")) {
            double before = Scrape.of(hub).value("herald_redis_round_trip_seconds_count");
            for (int i = 0; i < 3; i++) {
                hub.publish().topic(TOPIC).data("update " + i).sendOk();
            }
            Exposition exposition = Scrape.of(hub);
            assertEquals("histogram", exposition.typeOf("herald_redis_round_trip_seconds_bucket"));
            double after = exposition.value("herald_redis_round_trip_seconds_count");
            assertEquals(true, after >= before + 3, before + " -> " + after);
            // Read from Redis every few seconds, never during a scrape.
            Scrape.await(hub, v -> v == 3, "herald_history_updates");
            // The reader follows the log it was told about: nothing behind once the head was checked.
            assertEquals(0, exposition.value("herald_redis_reader_lag"));
        }
    }

    @Test
    void aLostConnectionIsCountedWhenItIsOpenedAgain() {
        try (RedisServer redis = RedisServer.launch();
             TestHub hub = TestHub.start("--redis-url", redis.url(), "--history-size", "1000", "--redis-timeout", "1s")) {
            hub.publish().topic(TOPIC).data("before").sendOk();
            assertEquals(0, Scrape.of(hub).value("herald_redis_reconnects_total"));
            redis.stop();
            assertEquals(503, hub.publish().topic(TOPIC).data("during").send().status());
            Scrape.await(hub, v -> v == 1, "herald_publishes_total", "outcome", "503");
            redis.start();
            Scrape.await(hub, v -> v >= 1, "herald_redis_reconnects_total");
        }
    }
}
