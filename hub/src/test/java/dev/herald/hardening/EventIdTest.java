package dev.herald.hardening;

import dev.herald.http.HeaderValues;
import dev.herald.publish.PublishForm;
import dev.herald.testing.HttpResult;
import dev.herald.testing.Probe;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publisher's event id comes back in every subscriber's {@code Last-Event-ID} header and in every
 * reconnect: it must be printable (a control character there failed every later subscription to the
 * topic with a 500) and bounded (a huge id made browsers' reconnects fail with 431). A browser sends
 * a non-ASCII id back as UTF-8, and the hub must read it so, or a resume replays everything.
 */
class EventIdTest {
    private static TestHub hub;
    private static int topics;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    /** A topic no other test of this class publishes to. */
    private static String freshTopic() {
        return "https://example.com/ids/" + ++topics;
    }

    private static SseClient.Builder subscriber(String topic) {
        return hub.subscriber().token(hub.tokens().subscriber("*")).topics(topic);
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"0001", "0009", "001B", "007F", "0085", "009B"})
    void idWithAControlCharacterIsRefusedAndTheTopicStaysSubscribable(String codePoint) {
        String topic = freshTopic();
        String id = "order-" + (char) Integer.parseInt(codePoint, 16) + "-1";
        HttpResult result = hub.publish().topic(topic).id(id).data("x").send();
        assertEquals(400, result.status(), result.toString());
        assertTrue(result.body().contains("printable"), result.body());
        try (SseClient events = subscriber(topic).open()) {
            assertEquals(200, events.status(), events.errorBody());
        }
    }

    @Test
    void idWithAnUnpairedSurrogateIsRefused() {
        // CESU-8 of U+D800: what an unpaired surrogate becomes when a client encodes it anyway.
        HttpResult result = hub.publish().rawBody(("topic=" + TestHub.encode(freshTopic()) + "&id=a%ED%A0%80b")
                .getBytes(StandardCharsets.US_ASCII)).send();
        assertEquals(400, result.status(), result.toString());
    }

    @Test
    void idLongerThanTheLimitIsRefused() {
        String topic = freshTopic();
        HttpResult huge = hub.publish().topic(topic).id("x".repeat(100_000)).data("x").send();
        assertEquals(413, huge.status(), "draft-08: a field over its length limit is Content Too Large");
        assertTrue(huge.body().contains(String.valueOf(PublishForm.MAX_ID_LENGTH)), huge.body());
        assertEquals(413, hub.publish().topic(topic).id("x".repeat(PublishForm.MAX_ID_LENGTH + 1)).data("x").send()
                .status());
        Probe.assertResponsive(hub);
    }

    @Test
    void idAtTheLimitInNonAsciiCharactersStillResumes() {
        String topic = freshTopic();
        String id = "é".repeat(PublishForm.MAX_ID_LENGTH);
        assertEquals(id, hub.publish().topic(topic).id(id).data("first").sendOk());
        String next = hub.publish().topic(topic).data("second").sendOk();
        try (SseClient resumed = subscriber(topic).lastEventId(HeaderValues.utf8(id)).open()) {
            assertEquals(200, resumed.status(), resumed.errorBody());
            assertEquals(next, resumed.next().id());
        }
    }

    @Test
    void nonAsciiLastEventIdHeaderIsReadAsUtf8() {
        String topic = freshTopic();
        String id = "urn:événement:✓:\uD83D\uDE00";
        assertEquals(id, hub.publish().topic(topic).id(id).data("seen").sendOk());
        String missed = hub.publish().topic(topic).data("missed").sendOk();
        // As a browser's EventSource sends it: the id's UTF-8 bytes (one char per byte for the client).
        try (SseClient resumed = subscriber(topic).lastEventId(HeaderValues.utf8(id)).open()) {
            assertEquals(HeaderValues.utf8(id), resumed.header("Last-Event-ID"), "the resume starts at that id");
            assertEquals(missed, resumed.next().id(), "only what came after it is replayed");
        }
    }
}
