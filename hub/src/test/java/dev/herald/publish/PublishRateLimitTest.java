package dev.herald.publish;

import dev.herald.testing.HttpResult;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code publish_rate_limit} and {@code publish_burst}: one publisher, named by its token's
 * {@code sub} or else by its address, gets {@code 429} with {@code Retry-After} past its bucket,
 * while other publishers still publish.
 */
class PublishRateLimitTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static final int RATE = 1;
    private static final int BURST = 3;

    private static String tokenOf(TestHub hub, String subject) {
        return hub.tokens().claims(Map.of("sub", subject, "mercure", Map.of("publish", List.of("*"))));
    }

    private static HttpResult publish(TestHub hub, String token) {
        return hub.publish().token(token).topic(TOPIC).data("x").send();
    }

    /**
     * Publishes with {@code token} until one is refused; the publishes accepted before it are the
     * burst plus what the rate gave meanwhile.
     */
    private static HttpResult drain(TestHub hub, String token) {
        long start = System.nanoTime();
        int accepted = 0;
        while (true) {
            HttpResult result = publish(hub, token);
            if (result.status() != 200) {
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(accepted >= BURST && accepted <= BURST + Math.ceil(seconds * RATE),
                        accepted + " accepted in " + seconds + " s before " + result);
                return result;
            }
            accepted++;
        }
    }

    @Test
    void aPublisherPastItsBurstGets429WithRetryAfterWhileAnotherStillPublishes() {
        try (TestHub hub = TestHub.start("--publish-rate-limit", String.valueOf(RATE),
                "--publish-burst", String.valueOf(BURST))) {
            HttpResult refused = drain(hub, tokenOf(hub, "publisher-a"));
            assertEquals(429, refused.status(), refused.toString());
            assertEquals("1", refused.header("Retry-After"), "a token comes within the second at 1 a second");
            assertTrue(refused.body().contains("publish_rate_limit"), refused.body());
            assertEquals(200, publish(hub, tokenOf(hub, "publisher-b")).status());
            assertEquals(429, publish(hub, hub.tokens().claims(Map.of("sub", "publisher-a",
                    "mercure", Map.of("publish", List.of(TOPIC))))).status(), "another token of the same sub");
        }
    }

    @Test
    void withoutASubTheClientAddressIsThePublisher() {
        try (TestHub hub = TestHub.start("--publish-rate-limit", String.valueOf(RATE),
                "--publish-burst", String.valueOf(BURST))) {
            assertEquals(429, drain(hub, hub.tokens().publisher("*")).status());
            assertEquals(429, publish(hub, hub.tokens().publisher(TOPIC)).status(),
                    "another token without sub, from the same address");
            assertEquals(200, publish(hub, tokenOf(hub, "publisher-c")).status(),
                    "a sub is its own publisher, whatever its address");
        }
    }

    @Test
    void aRateOfZeroLimitsNothing() {
        try (TestHub hub = TestHub.start("--publish-rate-limit", "0", "--publish-burst", "1")) {
            String token = tokenOf(hub, "publisher-a");
            for (int i = 0; i < 50; i++) {
                assertEquals(200, publish(hub, token).status(), "publish " + i);
            }
        }
    }

    @Test
    void tokensComeBackAtTheRate() {
        int rate = 5;
        try (TestHub hub = TestHub.start("--publish-rate-limit", String.valueOf(rate), "--publish-burst", "1")) {
            String token = tokenOf(hub, "publisher-a");
            long start = System.nanoTime();
            assertEquals(200, publish(hub, token).status());
            HttpResult refused = publish(hub, token);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int status = refused.status();
            while (status != 200 && System.nanoTime() < deadline) {
                assertEquals(429, status);
                status = publish(hub, token).status();
            }
            long waited = System.nanoTime() - start;
            assertEquals(200, status, "a token came back within 5 s");
            assertTrue(waited >= Duration.ofSeconds(1).toNanos() / rate,
                    "no token before a fifth of a second, took " + waited / 1_000_000 + " ms");
        }
    }
}
