package dev.herald.metrics;

import dev.herald.testing.ForkedHub;
import dev.herald.testing.RedisServer;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aNodeThatFellBehindTheLogReportsHowFar() {
        try (RedisServer redis = RedisServer.launch();
             ForkedHub behind = ForkedHub.start("256m", "--redis-url", redis.url(), "--history-size", "10000");
             TestHub publisher = TestHub.start("--redis-url", redis.url(), "--history-size", "10000")) {
            behind.freeze();
            try {
                for (int i = 0; i < 2_500; i++) {
                    publisher.publish().topic(TOPIC).data("while the other node is frozen").sendOk();
                }
            } finally {
                behind.thaw();
            }
            // Its reader reads 1 024 at a time; after each full batch it looks at the head.
            double lag = Scrape.await(behind.baseUrl(), v -> v > 0, "herald_redis_reader_lag");
            assertTrue(lag <= 2_500, "at most what was published: " + lag);
            // Caught up and idle, it looks again and is behind by nothing.
            Scrape.await(behind.baseUrl(), v -> v == 0, "herald_redis_reader_lag");
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
