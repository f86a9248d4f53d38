package dev.herald.hardening;

import dev.herald.testing.HttpResult;
import dev.herald.testing.Probe;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A refused token gets 401 with the fixed challenge {@code Bearer error="invalid_token"} (naming the
 * hub's protected resource metadata, as draft-08 asks) and one
 * fixed reason per kind of failure (RFC 6750 section 3.1): nothing of the token (its header values,
 * its claims) comes back, so hostile bytes in a token can neither break the response (a line break
 * in a header was a 500) nor be reflected to a client.
 */
class TokenErrorTest {
    private static final String TOPIC = "https://example.com/books/1";
    /** Planted in every hostile token; must never appear in a response. */
    private static final String MARKER = "ATTACKER-TEXT<script>";
    /** The test hub's hub_url is the default one; draft-08 challenges name its metadata document. */
    private static final String METADATA =
            "resource_metadata=\"https://localhost/.well-known/oauth-protected-resource/.well-known/mercure\"";
    private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\", " + METADATA;
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--jwt-algorithms", "HS256");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static String signed(String header, String payload) {
        return Tokens.handSigned(header, payload, "HmacSHA256", TestHub.KEY.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> hostileTokens() {
        String publishAll = "{\"mercure\":{\"publish\":[\"*\"],\"subscribe\":[\"*\"]}}";
        return Stream.of(
                arguments("alg with CR LF", signed("{\"alg\":\"HS256\\r\\n" + MARKER + "\"}", publishAll),
                        "invalid token: algorithm not allowed"),
                arguments("unknown alg", signed("{\"alg\":\"" + MARKER + "\"}", publishAll),
                        "invalid token: algorithm not allowed"),
                arguments("alg outside the allow-list", Tokens.hmac(TestHub.KEY, io.jsonwebtoken.Jwts.SIG.HS384)
                        .publisher("*"), "invalid token: algorithm not allowed"),
                arguments("alg none", Tokens.unsigned(Map.of("mercure", Map.of("publish", List.of("*")))),
                        "invalid token: algorithm not allowed"),
                arguments("kid with CR LF", signed("{\"alg\":\"HS256\",\"kid\":\"k\\r\\n" + MARKER + "\"}",
                        "{\"sub\":\"" + MARKER + "\"}").replaceAll(".$", "A"), "invalid token: signature does not verify"),
                arguments("wrong key", Tokens.wrongKey().claims(Map.of("sub", MARKER)),
                        "invalid token: signature does not verify"),
                arguments("expired", hub.tokens().claims(Map.of("sub", MARKER, "exp", 1)), "invalid token: expired"),
                arguments("not valid yet", hub.tokens().claims(Map.of("sub", MARKER, "nbf", 4_000_000_000L)),
                        "invalid token: not valid yet (nbf)"),
                arguments("not a JWT", MARKER.replace("<", "").replace(">", "") + ".x.y", "invalid token: malformed"),
                arguments("payload not JSON", signed("{\"alg\":\"HS256\"}", MARKER), "invalid token: malformed"),
                arguments("mercure claim not an object", hub.tokens().claims(Map.of("mercure", MARKER)),
                        "invalid token: malformed mercure claim (publish and subscribe must be arrays of topic selectors)"),
                arguments("broken selector in publish", hub.tokens().publisher("https://example.com/{" + MARKER),
                        "invalid token: malformed mercure claim (publish and subscribe must be arrays of topic selectors)"),
                arguments("broken selector in subscribe", hub.tokens().subscriber("https://example.com/{" + MARKER),
                        "invalid token: malformed mercure claim (publish and subscribe must be arrays of topic selectors)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokens")
    void refusedTokenGetsAFixedChallengeAndReasonOnPublish(String name, String token, String reason) {
        HttpResult result = hub.publish().token(token).topic(TOPIC).data("x").send();
        assertEquals(401, result.status(), result.toString());
        assertEquals(INVALID_TOKEN, result.header("WWW-Authenticate"));
        assertEquals(reason + "\n", result.body());
        assertFalse(result.toString().contains(MARKER), result.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokens")
    void refusedTokenGetsAFixedChallengeAndReasonOnSubscribe(String name, String token, String reason) {
        try (SseClient events = hub.subscriber().token(token).topics(TOPIC).open()) {
            assertEquals(401, events.status(), events.errorBody());
            assertEquals(INVALID_TOKEN, events.header("WWW-Authenticate"));
            assertEquals(reason + "\n", events.errorBody());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokens")
    void refusedTokenInAWebSocketAuthMessageGetsTheSameReason(String name, String token, String reason) {
        try (WsClient client = WsClient.connect(hub, "topic=" + TestHub.encode(TOPIC))) {
            client.send(new JsonObject().put("type", "auth").put("ref", "a").put("token", token));
            JsonObject error = client.next("error");
            assertEquals(reason, error.getString("message"), error.encode());
            assertFalse(error.encode().contains(MARKER), error.encode());
        }
    }

    @Test
    void requestWithoutTokenGetsTheChallengeWithoutAnErrorCode() {
        HttpResult publish = hub.publish().token(null).topic(TOPIC).data("x").send();
        assertEquals(401, publish.status());
        assertEquals("Bearer " + METADATA, publish.header("WWW-Authenticate"));
        try (SseClient events = hub.subscriber().topics(TOPIC).open()) {
            assertEquals(401, events.status());
            assertEquals("Bearer " + METADATA, events.header("WWW-Authenticate"));
        }
    }

    @Test
    void tokenThatDoesNotGrantTheTopicGets403InsufficientScope() {
        HttpResult result = hub.publish().token(hub.tokens().publisher("https://example.com/other")).topic(TOPIC)
                .data("x").send();
        assertEquals(403, result.status(), result.toString());
        assertEquals("Bearer error=\"insufficient_scope\", " + METADATA, result.header("WWW-Authenticate"));
    }

    @Test
    void aBurstOfHostileTokensLeavesTheHubServing() {
        List<String> tokens = hostileTokens().map(arguments -> (String) arguments.get()[1]).toList();
        for (int round = 0; round < 20; round++) {
            for (String token : tokens) {
                assertEquals(401, hub.publish().token(token).topic(TOPIC).data("x").send().status());
            }
        }
        Probe.assertResponsive(hub);
    }
}
