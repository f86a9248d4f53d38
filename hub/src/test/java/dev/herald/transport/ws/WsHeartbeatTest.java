package dev.herald.transport.ws;

import dev.herald.testing.SilentClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many connections share one loop's heartbeat wheel: the silent ones are closed, the answering
 * ones outlive several deadlines. The pong timeout is shorter than the interval, so each ping
 * after the first arrives only after the deadline of the one before has passed.
 */
class WsHeartbeatTest {
    private static final int EACH = 5;

    @Test
    void silentPeersAreClosedAndAnsweringOnesOutliveTheirDeadlines() {
        try (TestHub hub = TestHub.start("--anonymous", "--event-loops", "1",
                "--ping-interval", "150ms", "--pong-timeout", "60ms")) {
            List<WsClient> live = new ArrayList<>();
            List<SilentClient> silent = new ArrayList<>();
            try {
                for (int i = 0; i < EACH; i++) {
                    WsClient client = WsClient.connect(hub, "topic=a");
                    live.add(client);
                    client.next("subscribed");
                }
                for (int i = 0; i < EACH; i++) {
                    silent.add(SilentClient.webSocket(hub, "a"));
                }
                for (SilentClient client : silent) {
                    assertTrue(client.awaitEnd(Duration.ofSeconds(5)), "a silent peer was kept");
                }
                for (WsClient client : live) {
                    for (int ping = 0; ping < 3; ping++) {
                        assertEquals("ping", client.next("ping").getString("type"));
                    }
                    assertFalse(client.isClosed());
                }
                hub.publish().topic("a").data("still here").sendOk();
                for (WsClient client : live) {
                    assertEquals("still here", client.next("update").getString("data"));
                }
                hub.awaitSubscriberCount(EACH);
            } finally {
                live.forEach(WsClient::close);
                silent.forEach(SilentClient::close);
            }
        }
    }
}
