package dev.herald.auth;

import dev.herald.testing.AccessTokens;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Draft-08, Error Responses: every 401 and 403 about a token carries a {@code WWW-Authenticate:
 * Bearer} challenge (no error code without a token, {@code invalid_token} for a refused one,
 * {@code insufficient_scope} for missing grants) naming the protected resource metadata; the body
 * stays the reason draft-07 clients read.
 */
class BearerChallengeTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static final String METADATA =
            "resource_metadata=\"https://hub.example.com/.well-known/oauth-protected-resource/hub\"";
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--hub-url", "https://hub.example.com/hub");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void noTokenGetsABareChallengeNamingTheMetadata() {
        HttpResult publish = hub.publish().token(null).topic(TOPIC).data("x").send();
        assertEquals(401, publish.status());
        assertEquals("Bearer " + METADATA, publish.header("WWW-Authenticate"));
        assertEquals("missing token: publishing needs a publisher JWT\n", publish.body());
        try (SseClient events = hub.subscriber().topics(TOPIC).open()) {
            assertEquals(401, events.status());
            assertEquals("Bearer " + METADATA, events.header("WWW-Authenticate"));
        }
    }

    @Test
    void aRefusedTokenGetsInvalidToken() {
        String draft07 = Tokens.wrongKey().publisher("*");
        String draft08 = new AccessTokens(hub.tokens()).withClaims(Map.of("authorization_details", "x"));
        for (String token : new String[] {draft07, draft08}) {
            HttpResult publish = hub.publish().token(token).topic(TOPIC).data("x").send();
            assertEquals(401, publish.status());
            assertEquals("Bearer error=\"invalid_token\", " + METADATA, publish.header("WWW-Authenticate"));
            try (SseClient events = hub.subscriber().token(token).topics(TOPIC).open()) {
                assertEquals(401, events.status());
                assertEquals("Bearer error=\"invalid_token\", " + METADATA, events.header("WWW-Authenticate"));
            }
        }
    }

    @Test
    void aTokenWithoutTheGrantGetsInsufficientScope() {
        HttpResult publish = hub.publish().token(hub.tokens().publisher("https://example.com/other"))
                .topic(TOPIC).data("x").send();
        assertEquals(403, publish.status());
        assertEquals("Bearer error=\"insufficient_scope\", " + METADATA, publish.header("WWW-Authenticate"));
        assertEquals("the token does not allow publishing to topic " + TOPIC + "\n", publish.body());
    }

    @Test
    void aTokenInTheAccessTokenParameterGetsInvalidRequest() {
        try (SseClient events = hub.subscriber().query("access_token", "x").topics(TOPIC).open()) {
            assertEquals(400, events.status());
            assertEquals("Bearer error=\"invalid_request\", " + METADATA, events.header("WWW-Authenticate"));
        }
    }

    @Test
    void refusalsUnrelatedToTheTokenCarryNoChallenge() {
        HttpResult reserved = hub.publish().topic("/hub/subscriptions/forged").data("x").send();
        assertEquals(403, reserved.status());
        assertNull(reserved.header("WWW-Authenticate"));
        HttpResult noTopic = hub.publish().data("x").send();
        assertEquals(400, noTopic.status());
        assertNull(noTopic.header("WWW-Authenticate"));
    }
}
