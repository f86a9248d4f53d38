package dev.herald.transport;

import dev.herald.testing.SilentClient;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that stops reading is closed once its queue passes max_queue_bytes, and never delays
 * the others: they receive every update in order while it stalls.
 */
class SlowConsumerTest {
    private static final int UPDATES = 300;
    private static final String PAYLOAD = "x".repeat(32 * 1024);

    @Test
    void aStalledSseReaderIsClosedAndTheOthersGetEverything() {
        try (TestHub hub = TestHub.start("--anonymous", "--max-queue-bytes", "64KiB");
             SseClient fast = hub.subscribe("feed");
             WsClient fastWs = WsClient.connect(hub, "topic=feed");
             SilentClient stalled = SilentClient.sse(hub, "feed")) {
            fastWs.next("subscribed");
            hub.awaitSubscriberCount(3);
            publishAndCheck(hub, fast, fastWs);
            // The stalled reader's queue overflowed: the hub dropped it.
            hub.awaitSubscriberCount(2);
        }
    }

    @Test
    void aStalledWebSocketReaderIsClosedAndTheOthersGetEverything() {
        try (TestHub hub = TestHub.start("--anonymous", "--max-queue-bytes", "64KiB");
             SseClient fast = hub.subscribe("feed");
             WsClient fastWs = WsClient.connect(hub, "topic=feed");
             SilentClient stalled = SilentClient.webSocket(hub, "feed")) {
            fastWs.next("subscribed");
            hub.awaitSubscriberCount(3);
            publishAndCheck(hub, fast, fastWs);
            hub.awaitSubscriberCount(2);
        }
    }

    @Test
    void aClosedSlowConsumerCatchesUpFromHistoryWithItsLastEventId() {
        try (TestHub hub = TestHub.start("--anonymous", "--max-queue-bytes", "64KiB");
             SseClient reader = hub.subscribe("feed")) {
            String first = hub.publish().topic("feed").data("0").sendOk();
            for (int i = 1; i < 20; i++) {
                hub.publish().topic("feed").data(String.valueOf(i)).sendOk();
            }
            assertEquals(first, reader.next().id());
            try (SseClient resumed = hub.subscriber().topics("feed").lastEventId(first).open()) {
                List<SseEvent> rest = resumed.next(19);
                for (int i = 1; i < 20; i++) {
                    assertEquals(String.valueOf(i), rest.get(i - 1).data());
                }
            }
        }
    }

    private static void publishAndCheck(TestHub hub, SseClient fast, WsClient fastWs) {
        for (int i = 0; i < UPDATES; i++) {
            hub.publish().topic("feed").data(i + ":" + PAYLOAD).sendOk();
        }
        for (int i = 0; i < UPDATES; i++) {
            SseEvent event = fast.next(Duration.ofSeconds(10));
            assertEquals(String.valueOf(i), event.data().substring(0, event.data().indexOf(':')));
            String data = fastWs.next("update").getString("data");
            assertEquals(String.valueOf(i), data.substring(0, data.indexOf(':')));
        }
    }
}
