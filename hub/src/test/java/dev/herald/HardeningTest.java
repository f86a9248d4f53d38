package dev.herald;

import dev.herald.testing.HttpResult;
import dev.herald.testing.RawHttp;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input: every request here is a client's mistake or an attack. The hub answers 4xx with a
 * reason (never 5xx, never silence) and keeps serving: a subscriber that connected before still
 * receives updates after each test.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HardeningTest {
    private static final String SURVIVOR_TOPIC = "https://example.com/survivor";
    private static TestHub hub;
    private static SseClient survivor;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous", "--max-body-size", "64KiB");
        survivor = hub.subscribe(SURVIVOR_TOPIC);
    }

    @AfterAll
    static void stopHub() {
        survivor.close();
        hub.close();
    }

    @AfterEach
    void hubKeepsServing() {
        String id = hub.publishSentinel(SURVIVOR_TOPIC);
        assertEquals(id, survivor.next().id(), "the subscriber opened before still receives updates");
    }

    private static void assertClientError(int status, String body, String context) {
        assertTrue(status >= 400 && status < 500, context + ": expected 4xx, got " + status + " " + body);
        assertFalse(body.isBlank(), context + ": the reason is missing");
    }

    private static void assertClientError(HttpResult result) {
        assertClientError(result.status(), result.body(), result.toString());
    }

    private static void assertSubscribeRefused(SseClient.Builder builder) {
        try (SseClient events = builder.open()) {
            assertClientError(events.status(), String.valueOf(events.errorBody()), "subscribe");
        }
    }

    @Test
    void hugeTopicSelectorIsRefused() {
        assertSubscribeRefused(hub.subscriber().topics("https://example.com/" + "a".repeat(3000)));
    }

    @Test
    void tooManyTopicsAreRefused() {
        String[] topics = new String[101];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = "t" + i;
        }
        assertSubscribeRefused(hub.subscriber().topics(topics));
    }

    @Test
    void hugeRequestLineIsRefused() {
        RawHttp.Exchange exchange = RawHttp.exchange(hub, "GET /.well-known/mercure?topic=" + "a".repeat(100_000)
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", new byte[0]);
        assertTrue(exchange.status() >= 400 && exchange.status() < 500, exchange.response());
    }

    @Test
    void hugeHeaderIsRefused() {
        RawHttp.Exchange exchange = RawHttp.exchange(hub, "GET /.well-known/mercure?topic=a HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + "a".repeat(50_000) + "\r\nConnection: close\r\n\r\n", new byte[0]);
        assertTrue(exchange.status() >= 400 && exchange.status() < 500, exchange.response());
    }

    @Test
    void malformedPercentEscapeInTheSubscribeQueryIsRefused() {
        assertSubscribeRefused(hub.subscriber().rawQuery("topic=%ZZ"));
        assertSubscribeRefused(hub.subscriber().rawQuery("topic=abc%"));
    }

    @Test
    void invalidUtf8InTheSubscribeQueryIsRefusedOrHarmless() {
        try (SseClient events = hub.subscriber().rawQuery("topic=%FF%FE").open()) {
            assertTrue(events.status() == 200 || events.status() == 400, "status " + events.status());
        }
    }

    @Test
    void publishWithThousandsOfTopicFieldsIsRefused() {
        HttpResult result = hub.publish().rawBody("topic=t&".repeat(5000).getBytes(StandardCharsets.US_ASCII)).send();
        assertClientError(result);
    }

    @Test
    void hugeTopicInAPublishIsHandled() {
        HttpResult result = hub.publish().topic("https://example.com/" + "a".repeat(60_000)).data("x").send();
        assertTrue(result.status() == 200 || (result.status() >= 400 && result.status() < 500), result.toString());
    }

    @Test
    void invalidUtf8InThePublishBodyIsRefused() {
        assertClientError(hub.publish().rawBody("topic=a&data=%C3%28".getBytes(StandardCharsets.US_ASCII)).send());
        assertClientError(hub.publish().rawBody(new byte[] {'t', 'o', 'p', 'i', 'c', '=', (byte) 0xC3, (byte) 0x28})
                .send());
        assertClientError(hub.publish().rawBody("topic=%ED%A0%80".getBytes(StandardCharsets.US_ASCII)).send());
    }

    @Test
    void nulInTheIdIsRefused() {
        assertClientError(hub.publish().topic(SURVIVOR_TOPIC).id("a\u0000b").data("x").send());
    }

    @Test
    void lineBreaksInTheTypeAreRefused() {
        assertClientError(hub.publish().topic(SURVIVOR_TOPIC).type("a\r\nb").data("x").send());
        assertClientError(hub.publish().topic(SURVIVOR_TOPIC).type("a\rb").data("x").send());
        assertClientError(hub.publish().topic(SURVIVOR_TOPIC).type("a\nb").data("x").send());
    }

    @Test
    void nonFormBodiesAreRefused() {
        assertClientError(hub.publish().contentType("application/json")
                .rawBody("{\"topic\":\"a\",\"data\":\"x\"}".getBytes(StandardCharsets.UTF_8)).send());
        assertClientError(hub.publish()
                .rawBody("{\"topic\":\"a\",\"data\":\"x\"}".getBytes(StandardCharsets.UTF_8)).send());
        assertClientError(hub.publish().contentType("multipart/form-data; boundary=XX")
                .rawBody("--XX\r\nContent-Disposition: form-data; name=\"topic\"\r\n\r\na\r\n--XX--\r\n"
                        .getBytes(StandardCharsets.UTF_8)).send());
    }

    @Test
    void bodyOverTheLimitIsRefused() {
        assertClientError(hub.publish().topic("a").data("x".repeat(100_000)).send());
    }

    @Test
    void truncatedPercentEscapeIsRefused() {
        assertClientError(hub.publish().rawBody("topic=a&data=%E2%82".getBytes(StandardCharsets.US_ASCII)).send());
        assertClientError(hub.publish().rawBody("topic=a&data=%E".getBytes(StandardCharsets.US_ASCII)).send());
    }

    @Test
    void bodyShorterThanItsContentLengthDoesNotHangTheHub() {
        String token = hub.tokens().publisher("*");
        RawHttp.Exchange exchange = RawHttp.exchange(hub, ("POST /.well-known/mercure HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 100\r\n\r\ntopic=truncated&data=")
                .getBytes(StandardCharsets.US_ASCII), true, 3_000);
        assertFalse(exchange.response().startsWith("HTTP/1.1 200"), exchange.response());
        assertFalse(exchange.response().startsWith("HTTP/1.1 5"), exchange.response());
    }

    @Test
    void randomBytesAsAFormBodyAreRefused() {
        Random random = new Random(20240607);
        for (int i = 0; i < 30; i++) {
            byte[] body = new byte[1 + random.nextInt(2000)];
            random.nextBytes(body);
            assertClientError(hub.publish().rawBody(body).send());
        }
    }

    @Test
    void randomBytesAsARequestGetNoServerError() {
        Random random = new Random(7);
        for (int i = 0; i < 10; i++) {
            byte[] garbage = new byte[1 + random.nextInt(3000)];
            random.nextBytes(garbage);
            RawHttp.Exchange exchange = RawHttp.exchange(hub, garbage, true, 3_000);
            assertFalse(exchange.response().startsWith("HTTP/1.1 5"), exchange.response());
        }
    }

    @Test
    void garbageTokensAreRefused() {
        for (String token : new String[] {"", "a", "a.b", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9.e30.",
                "eyJhbGciOiJub25lIn0.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdfX0.", "\u00ff\u00fe".repeat(100)}) {
            HttpResult result = hub.publish().token(token).topic("a").data("x").send();
            assertClientError(result);
        }
    }

    @Test
    void longLastEventIdIsHarmless() {
        try (SseClient events = hub.subscriber().topics(SURVIVOR_TOPIC).lastEventId("x".repeat(4000)).open()) {
            assertEquals(200, events.status());
            assertEquals("earliest", events.header("Last-Event-ID"));
        }
    }

    @Test
    void pathologicalUriTemplateDoesNotStallTheHub() {
        // Many adjacent expressions make a backtracking regex try exponentially many splits of a
        // topic that almost matches.
        String template = "https://example.com/" + "{a}".repeat(30) + "/end";
        try (SseClient attacker = hub.subscriber().topics(template).open()) {
            assertTrue(attacker.status() == 200 || attacker.status() == 400, "status " + attacker.status());
            HttpResult result = hub.publish().topic("https://example.com/" + "a".repeat(60) + "/ending").data("x").send();
            assertEquals(200, result.status());
        }
    }

    @Test
    void pathologicalTemplateInAGrantDoesNotStallTheHub() {
        String template = "https://example.com/" + "{a}-".repeat(30) + "end";
        String token = hub.tokens().publisher(template);
        HttpResult result = hub.publish().token(token).topic("https://example.com/" + "a-".repeat(40) + "x").data("x")
                .send();
        assertClientError(result);
    }
}
