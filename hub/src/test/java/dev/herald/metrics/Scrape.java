package dev.herald.metrics;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.TestHub;

import java.time.Duration;
import java.util.function.DoublePredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Scrapes a hub's {@code /metrics} and reads it with the strict {@link Exposition} parser. */
final class Scrape {
    private Scrape() {
    }

    static Exposition of(TestHub hub) {
        return of(hub.baseUrl());
    }

    static Exposition of(String baseUrl) {
        HttpResult result = Http.get(baseUrl + "/metrics");
        assertEquals(200, result.status(), result.body());
        return Exposition.parse(result.body());
    }

    /**
     * Scrapes until the series satisfies {@code condition} (meters move on event loops, after the
     * client saw the effect); fails after a few seconds with the last value.
     */
    static double await(TestHub hub, DoublePredicate condition, String sample, String... labels) {
        return await(hub.baseUrl(), condition, sample, labels);
    }

    static double await(String baseUrl, DoublePredicate condition, String sample, String... labels) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            double value = of(baseUrl).value(sample, labels);
            if (condition.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sample + " stayed at " + value);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
