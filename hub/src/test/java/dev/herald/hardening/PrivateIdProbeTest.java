package dev.herald.hardening;

import dev.herald.testing.LongPoller;
import dev.herald.testing.Probe;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Attack: an anonymous subscriber guesses the id of a private update and resumes from it. If the
 * hub replayed only what follows a known id, the subscriber would learn that the hidden update
 * exists (and roughly when it was published). A hidden id must be answered exactly as an id the
 * hub never had: everything retained, with {@code Last-Event-ID: earliest}, on every transport.
 */
class PrivateIdProbeTest {
    private static final String TOPIC = "https://example.com/accounts/1";
    private static TestHub hub;
    private static String before;
    private static String hidden;
    private static String after;
    private static int sentinels;

    @BeforeAll
    static void publishAroundAPrivateUpdate() {
        hub = TestHub.start("--anonymous");
        before = hub.publish().topic(TOPIC).data("public before").sendOk();
        hidden = hub.publish().topic(TOPIC).data("private").privately().id("urn:secret:42").sendOk();
        after = hub.publish().topic(TOPIC).data("public after").sendOk();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    /** The header and replayed ids an anonymous SSE subscriber resuming from {@code lastEventId} gets. */
    private static List<String> overSse(String lastEventId) {
        String sentinelTopic = "sentinel/" + ++sentinels;
        try (SseClient events = hub.subscriber().topics(TOPIC, sentinelTopic).lastEventId(lastEventId).open()) {
            List<String> seen = new ArrayList<>(List.of(events.header("Last-Event-ID")));
            String sentinel = hub.publishSentinel(sentinelTopic);
            for (var event = events.next(); !event.id().equals(sentinel); event = events.next()) {
                seen.add(event.id());
            }
            return seen;
        }
    }

    private static List<String> overWebSocket(String lastEventId) {
        String sentinelTopic = "sentinel/" + ++sentinels;
        try (WsClient client = WsClient.connect(hub, "topic=" + TestHub.encode(TOPIC) + "&topic=" + sentinelTopic
                + "&lastEventID=" + TestHub.encode(lastEventId))) {
            List<String> seen = new ArrayList<>(List.of(client.next("subscribed").getString("lastEventID")));
            String sentinel = hub.publishSentinel(sentinelTopic);
            for (JsonObject update = client.next("update"); !update.getString("id").equals(sentinel);
                 update = client.next("update")) {
                seen.add(update.getString("id"));
            }
            return seen;
        }
    }

    private static List<String> overLongPoll(String lastEventId) {
        LongPoller.Poll poll = LongPoller.poll(hub, lastEventId, null, TOPIC);
        assertEquals(200, poll.status(), poll.body().encode());
        List<String> seen = new ArrayList<>(List.of(poll.lastEventIdHeader()));
        poll.updates().forEach(update -> seen.add(update.getString("id")));
        return seen;
    }

    @Test
    void aHiddenIdIsAnsweredLikeAnUnknownOneOverSse() {
        assertEquals(List.of("earliest", before, after), overSse("urn:secret:41"), "an unknown id");
        assertEquals(List.of("earliest", before, after), overSse(hidden), "a hidden id");
        Probe.assertResponsive(hub);
    }

    @Test
    void aHiddenIdIsAnsweredLikeAnUnknownOneOverWebSocket() {
        assertEquals(List.of("earliest", before, after), overWebSocket("urn:secret:41"), "an unknown id");
        assertEquals(List.of("earliest", before, after), overWebSocket(hidden), "a hidden id");
        Probe.assertResponsive(hub);
    }

    @Test
    void aHiddenIdIsAnsweredLikeAnUnknownOneOverLongPoll() {
        assertEquals(overLongPoll("urn:secret:41"), overLongPoll(hidden));
        assertEquals(List.of(before, after), overLongPoll(hidden).subList(1, 3));
        Probe.assertResponsive(hub);
    }
}
