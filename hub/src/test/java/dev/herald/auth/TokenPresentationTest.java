package dev.herald.auth;

import dev.herald.testing.HttpResult;
import dev.herald.testing.Publisher;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draft-08, Presenting the Access Token: one token is chosen, header before query before cookie;
 * draft-08's {@code __Secure-mercure_access_token} cookie works beside {@code cookie_name};
 * draft-08's {@code access_token} query parameter is refused with {@code invalid_request} (and ignored
 * beside an Authorization header) while draft-07's {@code authorization} parameter keeps working.
 */
class TokenPresentationTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static final String DRAFT_08_COOKIE = "__Secure-mercure_access_token";
    private static final String APP = "https://app.example.com";
    private static TestHub hub;
    private static String good;
    private static String bad;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--cors-origins", APP);
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
    void theDraft08CookieCarriesAToken() {
        assertEquals(200, subscribe(hub.subscriber().cookie(DRAFT_08_COOKIE, good)));
        assertEquals(401, subscribe(hub.subscriber().cookie(DRAFT_08_COOKIE, bad)));
    }

    @Test
    void cookieNameIsReadBeforeTheDraft08Cookie() {
        assertEquals(200, subscribe(hub.subscriber().header("Cookie",
                "mercureAuthorization=" + good + "; " + DRAFT_08_COOKIE + "=" + bad)));
        assertEquals(401, subscribe(hub.subscriber().header("Cookie",
                DRAFT_08_COOKIE + "=" + good + "; mercureAuthorization=" + bad)));
    }

    @Test
    void theBearerSchemeIsMatchedInAnyCase() {
        assertEquals(200, subscribe(hub.subscriber().header("Authorization", "bearer " + good)));
        assertEquals(200, subscribe(hub.subscriber().header("Authorization", "BEARER " + good)));
    }

    @Test
    void theHeaderWinsOverTheQueryAndTheCookie() {
        assertEquals(200, subscribe(hub.subscriber().token(good).queryToken(bad).cookie(DRAFT_08_COOKIE, bad)));
        assertEquals(401, subscribe(hub.subscriber().token(bad).queryToken(good).cookie(DRAFT_08_COOKIE, good)));
    }

    @Test
    void theQueryWinsOverTheCookie() {
        assertEquals(200, subscribe(hub.subscriber().queryToken(good).cookie(DRAFT_08_COOKIE, bad)));
        assertEquals(401, subscribe(hub.subscriber().queryToken(bad).cookie(DRAFT_08_COOKIE, good)));
    }

    @Test
    void theAccessTokenQueryParameterIsRefusedWithInvalidRequest() {
        try (SseClient events = hub.subscriber().query("access_token", good).topics(TOPIC).open()) {
            assertEquals(400, events.status());
            assertTrue(events.header("WWW-Authenticate").startsWith("Bearer error=\"invalid_request\""),
                    events.header("WWW-Authenticate"));
            assertTrue(events.errorBody().contains("Authorization: Bearer header"), events.errorBody());
        }
        HttpResult refused = Publisher.to(hub.hubUrl() + "?access_token=" + hub.tokens().publisher("*"))
                .topic(TOPIC).data("x").send();
        assertEquals(400, refused.status());
        assertTrue(refused.header("WWW-Authenticate").startsWith("Bearer error=\"invalid_request\""));
    }

    @Test
    void besideTheHeaderTheAccessTokenParameterIsIgnored() {
        // Draft-08: when the Authorization header is present, its token is used and access_token ignored.
        assertEquals(200, subscribe(hub.subscriber().token(good).query("access_token", bad)));
        assertEquals(401, subscribe(hub.subscriber().token(bad).query("access_token", good)));
        HttpResult published = Publisher.to(hub.hubUrl() + "?access_token=x").token(hub.tokens().publisher("*"))
                .topic(TOPIC).data("x").send();
        assertEquals(200, published.status(), published.toString());
    }

    @Test
    void theDraft07AuthorizationQueryParameterStillWorks() {
        assertEquals(200, subscribe(hub.subscriber().queryToken(good)));
    }

    @Test
    void aPublishAuthenticatedByTheDraft08CookieMustComeFromAnAllowedOrigin() {
        String cookie = DRAFT_08_COOKIE + "=" + hub.tokens().publisher("*");
        HttpResult foreign = hub.publish().token(null).header("Cookie", cookie).header("Origin", "https://evil.example")
                .topic(TOPIC).data("x").send();
        assertEquals(403, foreign.status());
        HttpResult allowed = hub.publish().token(null).header("Cookie", cookie).header("Origin", APP)
                .topic(TOPIC).data("x").send();
        assertEquals(200, allowed.status(), allowed.toString());
    }
}
