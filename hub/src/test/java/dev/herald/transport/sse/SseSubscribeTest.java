package dev.herald.transport.sse;

import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Subscribing over Server-Sent Events: the response head, topic parameters and event framing. */
class SseSubscribeTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void responseHeadArrivesBeforeAnyUpdateIsPublished() {
        try (SseClient events = hub.subscriber().topics("https://example.com/head").connect()) {
            assertEquals(200, events.awaitOpen());
            assertNull(events.nextOrNull(SseClient.QUIET_PERIOD));
        }
    }

    @Test
    void responseIsAnEventStream() {
        try (SseClient events = hub.subscribe(TOPIC)) {
            assertTrue(events.header("Content-Type").startsWith("text/event-stream"), events.header("Content-Type"));
        }
    }

    @Test
    void cachingIsDisabled() {
        try (SseClient events = hub.subscribe(TOPIC)) {
            String cacheControl = events.header("Cache-Control");
            assertTrue(cacheControl.contains("no-cache") && cacheControl.contains("no-store"), cacheControl);
        }
    }

    @Test
    void proxyBufferingIsTurnedOff() {
        try (SseClient events = hub.subscribe(TOPIC)) {
            assertEquals("no", events.header("X-Accel-Buffering"));
        }
    }

    @Test
    void subscriptionWithSeveralTopicParametersReceivesUpdatesOfEach() {
        String first = "https://example.com/several/1";
        String second = "https://example.com/several/2";
        try (SseClient events = hub.subscribe(first, second)) {
            String one = hub.publish().topic(first).data("1").sendOk();
            hub.publish().topic("https://example.com/several/3").data("3").sendOk();
            String two = hub.publish().topic(second).data("2").sendOk();
            assertEquals(one, events.next().id());
            assertEquals(two, events.next().id());
        }
    }

    @Test
    void updateIsSentWhenOneOfItsAlternateTopicsMatches() {
        String alternate = "https://example.com/alternate/1";
        try (SseClient events = hub.subscribe(alternate)) {
            String id = hub.publish().topic("https://example.com/canonical/1", alternate).data("x").sendOk();
            assertEquals(id, events.next().id());
        }
    }

    @Test
    void updatesArriveInPublishOrder() {
        String topic = "https://example.com/order";
        try (SseClient events = hub.subscribe(topic)) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(hub.publish().topic(topic).data("n" + i).sendOk());
            }
            assertEquals(ids, events.next(50).stream().map(SseEvent::id).toList());
        }
    }

    @Test
    void eventCarriesIdTypeRetryAndData() {
        String topic = "https://example.com/frame";
        try (SseClient events = hub.subscribe(topic)) {
            String id = hub.publish().topic(topic).data("hello").type("greeting").retry("2500").sendOk();
            assertEquals(new SseEvent(id, "greeting", "hello", 2500L), events.next());
            assertEquals(List.of("id: " + id, "event: greeting", "retry: 2500", "data: hello", ""), events.lines());
        }
    }

    @Test
    void eventFieldIsSentOnlyWhenATypeWasPublished() {
        String topic = "https://example.com/untyped";
        try (SseClient events = hub.subscribe(topic)) {
            String id = hub.publish().topic(topic).data("plain").sendOk();
            assertEquals(new SseEvent(id, null, "plain", null), events.next());
            assertEquals(List.of("id: " + id, "data: plain", ""), events.lines());
        }
    }

    @Test
    void multiLineDataIsSplitIntoDataLinesAndJoinedBackByTheClient() {
        String topic = "https://example.com/multiline";
        try (SseClient events = hub.subscribe(topic)) {
            String id = hub.publish().topic(topic).data("first\nsecond\nthird").sendOk();
            assertEquals("first\nsecond\nthird", events.next().data());
            assertEquals(List.of("id: " + id, "data: first", "data: second", "data: third", ""), events.lines());
        }
    }

    @Test
    void carriageReturnLineBreaksAndBlankLinesSurviveAsLineBreaks() {
        String topic = "https://example.com/crlf";
        try (SseClient events = hub.subscribe(topic)) {
            hub.publish().topic(topic).data("a\r\nb\n\nc\rd\n").sendOk();
            assertEquals("a\nb\n\nc\nd\n", events.next().data());
        }
    }

    @Test
    void leadingSpacesAndColonsInDataSurvive() {
        String topic = "https://example.com/spaces";
        try (SseClient events = hub.subscribe(topic)) {
            hub.publish().topic(topic).data("  indented: yes\n:not a comment\ndata: not a field").sendOk();
            assertEquals("  indented: yes\n:not a comment\ndata: not a field", events.next().data());
        }
    }

    @Test
    void emptyDataIsStillAnEvent() {
        String topic = "https://example.com/empty";
        try (SseClient events = hub.subscribe(topic)) {
            String id = hub.publish().topic(topic).sendOk();
            assertEquals(new SseEvent(id, null, "", null), events.next());
        }
    }

    @Test
    void unicodeDataSurvives() {
        String topic = "https://example.com/unicode";
        String data = "héllo wörld — 日本語 — 🎉 — {\"json\": [1, 2]}";
        try (SseClient events = hub.subscribe(topic)) {
            hub.publish().topic(topic).data(data).sendOk();
            assertEquals(data, events.next().data());
        }
    }

    @Test
    void fieldInjectionThroughTheIdIsRefused() {
        try (SseClient events = hub.subscribe(TOPIC)) {
            HttpResult result = hub.publish().topic(TOPIC).id("x\ndata: injected").data("d").send();
            assertEquals(400, result.status(), result.toString());
            assertFalse(result.body().isBlank());
            HttpResult carriageReturn = hub.publish().topic(TOPIC).id("x\revent: evil").data("d").send();
            assertEquals(400, carriageReturn.status(), carriageReturn.toString());
            String sentinel = hub.publishSentinel(TOPIC);
            assertEquals(sentinel, events.next().id());
        }
    }

    @Test
    void fieldInjectionThroughTheTypeIsRefused() {
        try (SseClient events = hub.subscribe(TOPIC)) {
            HttpResult result = hub.publish().topic(TOPIC).type("t\r\nid: evil").data("d").send();
            assertEquals(400, result.status(), result.toString());
            assertFalse(result.body().isBlank());
            String sentinel = hub.publishSentinel(TOPIC);
            assertEquals(sentinel, events.next().id());
        }
    }

    @Test
    void closedSubscriptionIsForgotten() {
        hub.awaitSubscriberCount(0);
        SseClient events = hub.subscribe("https://example.com/leaving");
        hub.awaitSubscriberCount(1);
        events.close();
        hub.awaitSubscriberCount(0);
    }
}
