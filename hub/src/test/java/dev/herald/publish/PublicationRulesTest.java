package dev.herald.publish;

import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draft-08, Publication (and Terminology for topics): what the {@code topic}, {@code id},
 * {@code type} and {@code retry} fields may hold, for every publisher; and the draft-07 behaviour
 * kept where draft-08 is stricter (several topics).
 */
class PublicationRulesTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static HttpResult publish(String field, String value) {
        return field.equals("topic")
                ? hub.publish().topic(value).data("x").send()
                : hub.publish().topic(TOPIC).field(field, value).data("x").send();
    }

    /** C0 (a tab, a line break, NUL), DEL, C1, and format characters (zero-width space, RTL override, BOM). */
    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "a\nb", "a\u0000b", "a\u007fb", "a\u0085b", "a\u009fb", "a\u200bb", "a\u202eb",
            "\ufeffa", "a\u00adb"})
    void controlAndFormatCharactersAreRefusedInTopicIdAndType(String value) {
        for (String field : List.of("topic", "id", "type")) {
            HttpResult result = publish(field, value);
            assertEquals(400, result.status(), field + " " + result);
            assertTrue(result.body().startsWith(field + " must be printable: no "), result.body());
        }
    }

    @Test
    void printableUnicodeIsAccepted() {
        assertEquals(200, publish("topic", "https://example.com/livres/\u00e9t\u00e9/\ud83d\udcda").status());
        assertEquals(200, publish("id", "urn:example:\u00e9v\u00e9nement-1").status());
        assertEquals(200, publish("type", "mise \u00e0 jour").status());
    }

    @Test
    void idMustNotStartWithHashOrBeEarliest() {
        assertEquals(400, publish("id", "#1").status());
        HttpResult earliest = publish("id", "earliest");
        assertEquals(400, earliest.status());
        assertTrue(earliest.body().startsWith("id must not be 'earliest'"), earliest.body());
        assertEquals(200, publish("id", "earliest-" + System.nanoTime()).status());
    }

    @Test
    void aTopicOverTheLengthLimitIsContentTooLarge() {
        String base = "https://example.com/";
        String longest = base + "a".repeat(PublishForm.MAX_TOPIC_LENGTH - base.length());
        assertEquals(200, publish("topic", longest).status());
        HttpResult tooLong = publish("topic", longest + "a");
        assertEquals(413, tooLong.status());
        assertTrue(tooLong.body().startsWith("topic too long"), tooLong.body());
    }

    @Test
    void retryIsAsciiDigitsOnly() {
        assertEquals(200, publish("retry", "3000").status());
        for (String retry : List.of("-1", "1.5", "3e3", "\u0663")) {
            assertEquals(400, publish("retry", retry).status(), retry);
        }
    }

    @Test
    void severalTopicsAreStillAcceptedAsDraft07Allows() {
        String alternate = "https://example.com/books/1.jsonld";
        try (SseClient events = hub.subscribeWithFullAccess(alternate)) {
            String id = hub.publish().topic(TOPIC, alternate).data("x").sendOk();
            assertEquals(id, events.next().id());
        }
    }

    @Test
    void thePrivateFieldsPresenceMakesAnUpdatePrivateWhateverItsValue() {
        String topic = "https://example.com/books/private-presence";
        try (SseClient notGranted = hub.subscriber().token(hub.tokens().subscriber("urn:nothing")).topics(topic).open()) {
            for (String body : List.of("topic=" + topic + "&private", "topic=" + topic + "&private=",
                    "topic=" + topic + "&private=off", "topic=" + topic + "&private=false")) {
                assertEquals(200, hub.publish().rawBody(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .send().status(), body);
            }
            String sentinel = hub.publishSentinel(topic);
            assertEquals(sentinel, notGranted.next().id(), "none of the four private updates was delivered");
        }
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertEquals(200, hub.publish().topic(TOPIC).field("future_field", "x").data("x").send().status());
    }
}
