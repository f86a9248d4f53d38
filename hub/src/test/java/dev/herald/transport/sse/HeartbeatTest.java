package dev.herald.transport.sse;

import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An idle event stream gets a comment line every heartbeat interval; 0 turns heartbeats off. */
class HeartbeatTest {

    @Test
    void idleSubscriberGetsACommentLineEveryHeartbeatInterval() {
        try (TestHub hub = TestHub.start("--anonymous", "--heartbeat-interval", "200ms");
             SseClient events = hub.subscribe("https://example.com/idle")) {
            events.awaitComments(3, Duration.ofSeconds(3));
            assertTrue(events.lines().stream().filter(line -> !line.isEmpty()).allMatch(line -> line.startsWith(":")),
                    events.lines().toString());
            assertNull(events.poll(), "a heartbeat is not an event");
        }
    }

    @Test
    void heartbeatsDoNotDisturbEvents() {
        String topic = "https://example.com/busy";
        try (TestHub hub = TestHub.start("--anonymous", "--heartbeat-interval", "200ms");
             SseClient events = hub.subscribe(topic)) {
            events.awaitComments(1, Duration.ofSeconds(3));
            String id = hub.publish().topic(topic).data("after a heartbeat").sendOk();
            assertEquals(id, events.next().id());
            events.awaitComments(2, Duration.ofSeconds(3));
        }
    }

    @Test
    void zeroHeartbeatIntervalSendsNoHeartbeats() {
        try (TestHub hub = TestHub.start("--anonymous", "--heartbeat-interval", "0");
             SseClient events = hub.subscribe("https://example.com/silent")) {
            assertNull(events.nextOrNull(Duration.ofMillis(600)));
            assertEquals(0, events.commentCount(), events.lines().toString());
        }
    }
}
