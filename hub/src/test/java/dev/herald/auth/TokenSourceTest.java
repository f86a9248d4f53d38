package dev.herald.auth;

import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Where a token is read from, in Mercure's order: the {@code Authorization: Bearer} header, else the
 * {@code authorization} query parameter, else the {@code mercureAuthorization} cookie.
 */
class TokenSourceTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static TestHub hub;
    private static String good;
    private static String bad;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
        good = hub.tokens().subscriber("*");
        bad = Tokens.wrongKey().subscriber("*");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static int subscribe(SseClient.Builder builder) {
        try (SseClient events = builder.topics(TOPIC).open()) {
            return events.status();
        }
    }

    @Test
    void subscriberWithoutTokenIsRefusedWhenAnonymousIsOff() {
        try (SseClient events = hub.subscribe(TOPIC)) {
            assertEquals(401, events.status());
            assertNotNull(events.header("WWW-Authenticate"));
        }
    }

    @Test
    void tokenIsReadFromTheAuthorizationHeader() {
        assertEquals(200, subscribe(hub.subscriber().token(good)));
        assertEquals(401, subscribe(hub.subscriber().token(bad)));
    }

    @Test
    void tokenIsReadFromTheAuthorizationQueryParameter() {
        assertEquals(200, subscribe(hub.subscriber().queryToken(good)));
        assertEquals(401, subscribe(hub.subscriber().queryToken(bad)));
    }

    @Test
    void tokenIsReadFromTheMercureAuthorizationCookie() {
        assertEquals(200, subscribe(hub.subscriber().cookie("mercureAuthorization", good)));
        assertEquals(401, subscribe(hub.subscriber().cookie("mercureAuthorization", bad)));
    }

    @Test
    void headerWinsOverQueryParameter() {
        assertEquals(200, subscribe(hub.subscriber().token(good).queryToken(bad)));
        assertEquals(401, subscribe(hub.subscriber().token(bad).queryToken(good)));
    }

    @Test
    void headerWinsOverCookie() {
        assertEquals(200, subscribe(hub.subscriber().token(good).cookie("mercureAuthorization", bad)));
        assertEquals(401, subscribe(hub.subscriber().token(bad).cookie("mercureAuthorization", good)));
    }

    @Test
    void queryParameterWinsOverCookie() {
        assertEquals(200, subscribe(hub.subscriber().queryToken(good).cookie("mercureAuthorization", bad)));
        assertEquals(401, subscribe(hub.subscriber().queryToken(bad).cookie("mercureAuthorization", good)));
    }

    @Test
    void publisherTokenIsReadFromTheSameThreePlaces() {
        String publisher = hub.tokens().publisher("*");
        HttpResult viaQuery = dev.herald.testing.Http.request(io.vertx.core.http.HttpMethod.POST,
                hub.hubUrl() + "?authorization=" + publisher,
                java.util.Map.of("Content-Type", "application/x-www-form-urlencoded"),
                ("topic=" + TestHub.encode(TOPIC)).getBytes());
        assertEquals(200, viaQuery.status(), viaQuery.toString());
        HttpResult viaCookie = hub.publish().token(null).header("Cookie", "mercureAuthorization=" + publisher)
                .header("Origin", hub.baseUrl()).topic(TOPIC).send();
        assertEquals(200, viaCookie.status(), viaCookie.toString());
    }

    @Test
    void cookieNameIsConfigurable() {
        try (TestHub custom = TestHub.start("--cookie-name", "heraldToken")) {
            String token = custom.tokens().subscriber("*");
            try (SseClient named = custom.subscriber().cookie("heraldToken", token).topics(TOPIC).open();
                 SseClient defaultName = custom.subscriber().cookie("mercureAuthorization", token).topics(TOPIC).open()) {
                assertEquals(200, named.status());
                assertEquals(401, defaultName.status(), "only the configured cookie name is read");
            }
        }
    }
}
