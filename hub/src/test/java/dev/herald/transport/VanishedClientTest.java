package dev.herald.transport;

import dev.herald.testing.SilentClient;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Subscribers that go away, politely or not, are cleaned up: the count returns to zero. */
class VanishedClientTest {

    @Test
    void subscriberCountReturnsToZeroAfterClientsOfEveryTransportLeave() {
        try (TestHub hub = TestHub.start("--anonymous", "--poll-timeout", "30s")) {
            List<AutoCloseable> clients = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                clients.add(hub.subscribe("topic-" + i));
                clients.add(WsClient.connect(hub, "topic=topic-" + i));
                clients.add(SilentClient.sse(hub, "topic-" + i));
                clients.add(SilentClient.webSocket(hub, "topic-" + i));
            }
            hub.awaitSubscriberCount(40);
            for (AutoCloseable client : clients) {
                try {
                    client.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            hub.awaitSubscriberCount(0);
        }
    }

    @Test
    void aLongPollWhoseClientLeftIsForgotten() {
        try (TestHub hub = TestHub.start("--anonymous", "--poll-timeout", "30s")) {
            SilentClient poller = SilentClient.longPoll(hub, "a");
            hub.awaitSubscriberCount(1);
            poller.close();
            hub.awaitSubscriberCount(0);
            hub.publish().topic("a").data("nobody listens").sendOk();
            try (SseClient reader = hub.subscriber().topics("a").lastEventId("earliest").open()) {
                assertEquals("nobody listens", reader.next().data());
            }
        }
    }

    @Test
    void aSilentWebSocketIsClosedByTheHeartbeat() {
        try (TestHub hub = TestHub.start("--anonymous", "--ping-interval", "100ms", "--pong-timeout", "200ms")) {
            SilentClient silent = SilentClient.webSocket(hub, "a");
            hub.awaitSubscriberCount(1);
            hub.awaitSubscriberCount(0);
            silent.close();
        }
    }
}
