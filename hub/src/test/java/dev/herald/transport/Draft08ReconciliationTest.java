package dev.herald.transport;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draft-08's Reconnection and State Reconciliation section: the last event id from the
 * {@code Last-Event-ID} header, else {@code last_event_id}, else draft-07's {@code lastEventID};
 * and the {@code Mercure-Last-Event-ID} response field, on SSE and long-poll (WebSocket says it in
 * its {@code subscribed} message). Tests are named after the rule they check.
 */
class Draft08ReconciliationTest {
    private static final String MERCURE_LAST_EVENT_ID = "Mercure-Last-Event-ID";
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static List<String> publish(TestHub target, String topic, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(target.publish().topic(topic).data(topic + " #" + i).sendOk());
        }
        return ids;
    }

    private static List<String> ids(List<SseEvent> events) {
        return events.stream().map(SseEvent::id).toList();
    }

    private static HttpResult longPoll(TestHub target, String rawQuery) {
        return Http.get(target.hubUrl() + "?" + rawQuery, Map.of("Accept", "application/json"));
    }

    private static List<String> polledIds(HttpResult poll) {
        List<String> ids = new ArrayList<>();
        new JsonObject(poll.body()).getJsonArray("updates").forEach(update -> ids.add(((JsonObject) update).getString("id")));
        return ids;
    }

    @Test
    void hubAcceptsTheLastEventIdInTheLastEventIdQueryParameter() {
        String topic = "https://example.com/rec/query";
        List<String> ids = publish(hub, topic, 3);
        try (SseClient events = hub.subscriber().query("match", topic).query("last_event_id", ids.get(0)).open()) {
            assertEquals(ids.subList(1, 3), ids(events.next(2)));
            assertEquals(ids.get(0), events.header(MERCURE_LAST_EVENT_ID));
        }
    }

    @Test
    void lastEventIdHeaderTakesPrecedenceOverTheQueryParameter() {
        String topic = "https://example.com/rec/precedence";
        List<String> ids = publish(hub, topic, 3);
        try (SseClient events = hub.subscriber().query("match", topic).query("last_event_id", ids.get(0))
                .lastEventId(ids.get(1)).open()) {
            assertEquals(ids.get(2), events.next().id());
            assertEquals(ids.get(1), events.header(MERCURE_LAST_EVENT_ID));
        }
    }

    @Test
    void lastEventIdQueryParameterTakesPrecedenceOverDraft07LastEventID() {
        String topic = "https://example.com/rec/draft07";
        List<String> ids = publish(hub, topic, 3);
        try (SseClient events = hub.subscriber().query("match", topic).query("lastEventID", ids.get(0))
                .query("last_event_id", ids.get(1)).open()) {
            assertEquals(ids.get(2), events.next().id());
            assertEquals(ids.get(1), events.header(MERCURE_LAST_EVENT_ID));
        }
    }

    @Test
    void mercureLastEventIdIsSentWhenTheRequestNamesAnIdWithDraft07LastEventIDToo() {
        String topic = "https://example.com/rec/legacy";
        List<String> ids = publish(hub, topic, 2);
        try (SseClient events = hub.subscriber().topics(topic).query("lastEventID", ids.get(0)).open()) {
            assertEquals(ids.get(1), events.next().id());
            assertEquals(ids.get(0), events.header(MERCURE_LAST_EVENT_ID));
            assertEquals(ids.get(0), events.header("Last-Event-ID"), "both fields name the same anchor");
        }
    }

    @Test
    void mercureLastEventIdIsAbsentWhenTheRequestNamesNoId() {
        String topic = "https://example.com/rec/none";
        publish(hub, topic, 1);
        try (SseClient events = hub.subscriber().query("match", topic).open()) {
            assertEquals(200, events.status());
            assertNull(events.header(MERCURE_LAST_EVENT_ID));
        }
        try (TestHub quick = TestHub.start("--anonymous", "--poll-timeout", "100ms")) {
            HttpResult poll = longPoll(quick, "match=" + TestHub.encode(topic));
            assertEquals(200, poll.status(), poll.body());
            assertNull(poll.header(MERCURE_LAST_EVENT_ID));
        }
    }

    @Test
    void mercureLastEventIdIsEarliestWhenEarliestIsRequested() {
        String topic = "https://example.com/rec/earliest";
        List<String> ids = publish(hub, topic, 2);
        try (SseClient events = hub.subscriber().query("match", topic).query("last_event_id", "earliest").open()) {
            assertEquals(ids, ids(events.next(2)));
            assertEquals("earliest", events.header(MERCURE_LAST_EVENT_ID));
        }
    }

    @Test
    void mercureLastEventIdIsEarliestWhenTheRequestedEventDoesNotExist() {
        String topic = "https://example.com/rec/unknown";
        List<String> ids = publish(hub, topic, 2);
        try (SseClient events = hub.subscriber().query("match", topic).lastEventId("urn:uuid:never-published").open()) {
            assertEquals(ids, ids(events.next(2)));
            assertEquals("earliest", events.header(MERCURE_LAST_EVENT_ID));
        }
    }

    @Test
    void mercureLastEventIdIsEarliestWhenTheHistoryIsEmpty() {
        try (TestHub empty = TestHub.start("--anonymous");
             SseClient events = empty.subscriber().query("match", "t").query("last_event_id", "some-id").open()) {
            assertEquals("earliest", events.header(MERCURE_LAST_EVENT_ID));
        }
    }

    @Test
    void mercureLastEventIdIsEarliestWhenTheRequestedEventWasDiscarded() {
        try (TestHub small = TestHub.start("--anonymous", "--history-size", "2")) {
            List<String> ids = publish(small, "t", 4);
            try (SseClient events = small.subscriber().query("match", "t").lastEventId(ids.get(0)).open()) {
                assertEquals("earliest", events.header(MERCURE_LAST_EVENT_ID));
                assertEquals(ids.subList(2, 4), ids(events.next(2)), "what is retained is replayed");
            }
        }
    }

    @Test
    void mercureLastEventIdNamesTheEventPrecedingTheFirstEventSent() {
        String topic = "https://example.com/rec/anchor";
        List<String> ids = publish(hub, topic, 3);
        try (SseClient events = hub.subscriber().query("match", topic).lastEventId(ids.get(1)).open()) {
            assertEquals(ids.get(1), events.header(MERCURE_LAST_EVENT_ID));
            assertEquals(ids.get(2), events.next().id());
        }
    }

    @Test
    void mercureLastEventIdOnLongPollNamesWhereTheAnswerStarted() {
        String topic = "https://example.com/rec/poll";
        List<String> ids = publish(hub, topic, 3);
        HttpResult poll = longPoll(hub, "match=" + TestHub.encode(topic) + "&last_event_id=" + TestHub.encode(ids.get(0)));
        assertEquals(200, poll.status(), poll.body());
        assertEquals(ids.subList(1, 3), polledIds(poll));
        assertEquals(ids.get(0), poll.header(MERCURE_LAST_EVENT_ID), "where this answer started");
        assertEquals(ids.get(2), poll.header("Last-Event-ID"), "where the next poll resumes");
    }

    @Test
    void mercureLastEventIdOnLongPollIsEarliestForAnUnknownId() {
        String topic = "https://example.com/rec/poll-unknown";
        List<String> ids = publish(hub, topic, 1);
        HttpResult poll = longPoll(hub, "match=" + TestHub.encode(topic) + "&last_event_id=nope");
        assertEquals(ids, polledIds(poll));
        assertEquals("earliest", poll.header(MERCURE_LAST_EVENT_ID));
    }

    @Test
    void webSocketSubscribedMessageCarriesTheResumeAnchor() {
        String topic = "https://example.com/rec/ws";
        List<String> ids = publish(hub, topic, 3);
        try (WsClient ws = WsClient.connect(hub, "match=" + TestHub.encode(topic) + "&last_event_id=" + TestHub.encode(ids.get(0)))) {
            JsonObject subscribed = ws.next("subscribed");
            assertEquals(ids.get(0), subscribed.getString("lastEventID"));
            assertEquals(new JsonArray().add(new JsonObject().put("match", topic).put("match_type", "exact")),
                    subscribed.getJsonArray("matchers"));
            assertEquals(ids.get(1), ws.next("update").getString("id"));
            assertEquals(ids.get(2), ws.next("update").getString("id"));
        }
        try (WsClient ws = WsClient.connect(hub, "match=" + TestHub.encode(topic) + "&last_event_id=unknown")) {
            assertEquals("earliest", ws.next("subscribed").getString("lastEventID"));
        }
    }

    @Test
    void mercureLastEventIdIsExposedToAllowedBrowserOrigins() {
        try (TestHub cors = TestHub.start("--anonymous", "--cors-origins", "https://app.example.com");
             SseClient events = cors.subscriber().query("match", "t").query("last_event_id", "earliest")
                     .header("Origin", "https://app.example.com").open()) {
            assertEquals("earliest", events.header(MERCURE_LAST_EVENT_ID));
            assertTrue(events.header("Access-Control-Expose-Headers").contains(MERCURE_LAST_EVENT_ID),
                    events.header("Access-Control-Expose-Headers"));
        }
    }

    @Test
    void replayedPrivateUpdatesAreReevaluatedAgainstTheCurrentToken() {
        String topic = "https://example.com/rec/private";
        String before = hub.publish().topic(topic).data("public").sendOk();
        hub.publish().topic(topic).data("secret").privately().sendOk();
        String after = hub.publish().topic(topic).data("public 2").sendOk();
        try (SseClient events = hub.subscriber().query("match", topic).query("last_event_id", "earliest").open()) {
            assertEquals(List.of(before, after), ids(events.next(2)), "no token: the private update is skipped");
        }
        try (SseClient events = hub.subscriber().token(hub.tokens().subscriber(topic)).query("match", topic)
                .query("last_event_id", "earliest").open()) {
            assertEquals(3, events.next(3).size(), "a token for the topic replays all three");
        }
    }
}
