package dev.herald.publish;

import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /.well-known/mercure} with form fields topic, data, private, id, type and retry. */
class PublishTest {
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
    void acceptedPublishIsAnsweredWith200TextPlainAndTheEventId() {
        HttpResult result = hub.publish().topic("https://example.com/p").data("x").send();
        assertEquals(200, result.status(), result.toString());
        assertTrue(result.contentType().startsWith("text/plain"), result.contentType());
    }

    @Test
    void hubGeneratesAUrnUuidIdWhenNoneIsGiven() {
        String id = hub.publish().topic("https://example.com/p").data("x").sendOk();
        assertTrue(id.matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
        assertNotEquals(id, hub.publish().topic("https://example.com/p").data("x").sendOk());
    }

    @Test
    void publisherChosenIdIsReturnedVerbatimAndSent() {
        String topic = "https://example.com/chosen";
        String chosen = "https://example.com/events/42?v=1#fragment é";
        try (SseClient events = hub.subscribe(topic)) {
            assertEquals(chosen, hub.publish().topic(topic).id(chosen).data("x").sendOk());
            assertEquals(chosen, events.next().id());
        }
    }

    @Test
    void reusedIdIsAccepted() {
        String topic = "https://example.com/reused";
        try (SseClient events = hub.subscribe(topic)) {
            assertEquals("same", hub.publish().topic(topic).id("same").data("1").sendOk());
            assertEquals("same", hub.publish().topic(topic).id("same").data("2").sendOk());
            assertEquals(new SseEvent("same", null, "1", null), events.next());
            assertEquals(new SseEvent("same", null, "2", null), events.next());
        }
    }

    @Test
    void everyTopicFieldNamesATopicOfTheUpdate() {
        String canonical = "https://example.com/multi/canonical";
        String alternate = "https://example.com/multi/alternate";
        try (SseClient onCanonical = hub.subscribe(canonical); SseClient onAlternate = hub.subscribe(alternate)) {
            String id = hub.publish().topic(canonical, alternate).data("x").sendOk();
            assertEquals(id, onCanonical.next().id());
            assertEquals(id, onAlternate.next().id());
        }
    }

    @Test
    void subscriberOfSeveralTopicsOfOneUpdateReceivesItOnce() {
        String first = "https://example.com/once/1";
        String second = "https://example.com/once/2";
        try (SseClient events = hub.subscriber().topics(first, second, "https://example.com/once/{n}", "*").open()) {
            String id = hub.publish().topic(first, second).data("x").sendOk();
            assertEquals(id, events.next().id());
            String sentinel = hub.publishSentinel(first);
            assertEquals(sentinel, events.next().id());
        }
    }

    @Test
    void privateFieldMakesTheUpdatePrivate() {
        String topic = "https://example.com/private-field";
        try (SseClient anonymous = hub.subscribe(topic); SseClient granted = hub.subscribeWithFullAccess(topic)) {
            String privateId = hub.publish().topic(topic).data("secret").privately().sendOk();
            String alsoPrivate = hub.publish().topic(topic).data("secret").field("private", "true").sendOk();
            String sentinel = hub.publishSentinel(topic);
            assertEquals(sentinel, anonymous.next().id());
            assertEquals(privateId, granted.next().id());
            assertEquals(alsoPrivate, granted.next().id());
            assertEquals(sentinel, granted.next().id());
        }
    }

    @Test
    void retryFieldIsSentAsTheSseRetry() {
        String topic = "https://example.com/retry";
        try (SseClient events = hub.subscribe(topic)) {
            hub.publish().topic(topic).data("x").retry("0").sendOk();
            hub.publish().topic(topic).data("x").retry("60000").sendOk();
            assertEquals(0L, events.next().retry());
            assertEquals(60000L, events.next().retry());
        }
    }

    @Test
    void unknownFieldsAreIgnored() {
        String topic = "https://example.com/unknown-fields";
        try (SseClient events = hub.subscribe(topic)) {
            String id = hub.publish().topic(topic).data("x").field("colour", "blue").sendOk();
            assertEquals(id, events.next().id());
        }
    }

    @Test
    void contentTypeWithCharsetParameterIsAccepted() {
        HttpResult result = hub.publish().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .topic("https://example.com/p").data("x").send();
        assertEquals(200, result.status(), result.toString());
    }
}
