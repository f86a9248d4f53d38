package dev.herald.server;

import dev.herald.testing.ForkedHub;
import dev.herald.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM drains Herald in its own process, which then exits 0 within {@code shutdown_timeout}. */
class SigtermTest {
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void sigtermDrainsTheSubscribersThenExitsZero() {
        try (ForkedHub hub = ForkedHub.start("128m", "--anonymous", "--drain-window", "1s",
                "--shutdown-timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s");
             SseClient subscriber = hub.subscriber().topics("news").open()) {
            String id = hub.publish().topic("news").data("before").sendOk();
            assertEquals(id, subscriber.next().id());

            assertTrue(hub.terminate(SHUTDOWN_TIMEOUT), "exited within shutdown_timeout: " + hub.output());
            assertEquals(0, hub.exitValue(), hub.output().toString());
            assertTrue(subscriber.awaitEnd(Duration.ofSeconds(1)));
            assertTrue(subscriber.lines().stream().anyMatch(line -> line.matches("retry: \\d+")),
                    "the stream ended with a reconnect hint: " + subscriber.lines());
        }
    }
}
