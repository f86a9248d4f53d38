package dev.herald.hardening;

import dev.herald.testing.LongPoller;
import dev.herald.testing.Probe;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attack: subscriptions whose selectors are as costly to match as possible, replayed over a full
 * history. Unbounded, one such GET (100 templates of 500 expressions, {@code lastEventID=earliest})
 * held both event loops for minutes. Now a template has at most 20 variables, a match at most a
 * fixed number of steps, a connection and the whole hub at most so many selector bytes, and
 * history is matched on worker threads, never on an event loop.
 */
class CostlySelectorTest {
    /** As costly as a template may be: 20 reserved expressions, each able to take any part of a topic. */
    private static String costlyTemplate(int variant) {
        return "{+v" + variant + "}" + "{+a}".repeat(19);
    }

    @Test
    void aReplayOfCostlySelectorsNeverHoldsAnEventLoop() {
        try (TestHub hub = TestHub.start("--anonymous")) {
            // Every match of a costly template against these topics runs to its step budget.
            for (int i = 0; i < 150; i++) {
                hub.publish().topic("x".repeat(2_000) + i).data("filler").sendOk();
            }
            String marker = hub.publish().topic("marker").data("the end of history").sendOk();
            List<String> selectors = new ArrayList<>(List.of("marker"));
            for (int i = 1; i < 100; i++) {
                selectors.add(costlyTemplate(i));
            }
            // One attacker per event loop (connections are spread over the loops in turn).
            List<SseClient> attackers = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    attackers.add(hub.subscriber().topics(selectors.toArray(String[]::new))
                            .lastEventId("earliest").open());
                }
                Probe.assertResponsive(hub);
                for (SseClient attacker : attackers) {
                    assertNull(attacker.poll(), "the probe ran while the replays were still matching");
                }
                for (SseClient attacker : attackers) {
                    SseEvent first = attacker.next(Duration.ofSeconds(30));
                    assertEquals(marker, first.id(), "the replay ends with the marker and skips nothing");
                }
            } finally {
                attackers.forEach(SseClient::close);
            }
            hub.awaitSubscriberCount(0);
            Probe.assertResponsive(hub);
        }
    }

    @Test
    void aTemplateWithTooManyExpressionsIsRefused() {
        try (TestHub hub = TestHub.start("--anonymous");
             SseClient refused = hub.subscriber().topics("{+a}".repeat(500)).open()) {
            assertEquals(400, refused.status());
            assertTrue(refused.errorBody().contains("more than 20 variables"), refused.errorBody());
            Probe.assertResponsive(hub);
        }
    }

    @Test
    void theSelectorsOfOneConnectionAreBoundedInBytes() {
        String selector = "https://example.com/" + "s".repeat(380); // 400 bytes
        try (TestHub hub = TestHub.start("--anonymous", "--max-subscription-bytes", "1000")) {
            try (SseClient refused = hub.subscriber().topics(selector + 1, selector + 2, selector + 3).open()) {
                assertEquals(400, refused.status());
                assertTrue(refused.errorBody().contains("max_subscription_bytes") || refused.errorBody()
                        .contains("at most 1000"), refused.errorBody());
            }
            String query = "topic=" + TestHub.encode(selector + 1) + "&topic=" + TestHub.encode(selector + 2);
            try (WsClient client = WsClient.connect(hub, query)) {
                client.next("subscribed");
                client.send(subscribe("more", selector + 3));
                JsonObject error = client.next("error");
                assertEquals("bad_request", error.getString("code"), error.encode());
                assertEquals("more", error.getString("ref"));
                client.send(new JsonObject().put("type", "unsubscribe").put("topics", new JsonArray().add(selector + 2)));
                client.next("unsubscribed");
                client.send(subscribe("fits", selector + 3));
                assertEquals("fits", client.next("subscribed").getString("ref"), "room was made by unsubscribing");
            }
            Probe.assertResponsive(hub);
        }
    }

    @Test
    void theSelectorsOfTheWholeHubAreBoundedInBytes() {
        String selector = "https://example.com/" + "h".repeat(580); // 600 bytes
        try (TestHub hub = TestHub.start("--anonymous", "--max-hub-subscription-bytes", "1500")) {
            SseClient holder = hub.subscriber().topics(selector + 1, selector + 2).open();
            try {
                try (SseClient refused = hub.subscriber().topics(selector + 3).open()) {
                    assertEquals(503, refused.status(), refused.errorBody());
                    assertEquals("5", refused.header("Retry-After"));
                    assertTrue(refused.errorBody().contains("max_hub_subscription_bytes"), refused.errorBody());
                }
                LongPoller.Poll poll = LongPoller.poll(hub, null, null, selector + 3);
                assertEquals(503, poll.status());
                assertEquals(503, WsClient.upgradeStatus(hub, "topic=" + TestHub.encode(selector + 3), null));
                try (WsClient client = WsClient.connect(hub, "topic=small")) {
                    client.next("subscribed");
                    client.send(subscribe("big", selector + 3));
                    JsonObject error = client.next("error");
                    assertEquals("unavailable", error.getString("code"), error.encode());
                }
                Probe.assertResponsive(hub);
            } finally {
                holder.close();
            }
            hub.awaitSubscriberCount(0);
            try (SseClient admitted = hub.subscriber().topics(selector + 3).open()) {
                assertEquals(200, admitted.status(), "the closed subscription gave its bytes back");
            }
        }
    }

    private static JsonObject subscribe(String ref, String topic) {
        return new JsonObject().put("type", "subscribe").put("ref", ref).put("topics", new JsonArray().add(topic));
    }
}
