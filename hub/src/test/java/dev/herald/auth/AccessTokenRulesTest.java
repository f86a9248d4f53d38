package dev.herald.auth;

import dev.herald.testing.AccessTokens;
import dev.herald.testing.HttpResult;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.herald.testing.AccessTokens.detail;
import static dev.herald.testing.AccessTokens.match;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Draft-08, Token Validation: a token carrying {@code authorization_details} is an RFC 9068 access
 * token (header {@code typ} {@code at+jwt}, {@code exp} required, {@code nbf} enforced, this hub's
 * resource identifier in {@code aud}); {@code jwt_audience} and {@code jwt_issuer} bind every token,
 * draft-07 ones too; keys are never taken from the token.
 */
class AccessTokenRulesTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static final List<Object> PUBLISH = List.of(detail(List.of("publish"), List.of(match(TOPIC)), null));
    private static final String AUDIENCE = "https://hub.example.com/.well-known/mercure";
    private static final String ISSUER = "https://issuer.example.com";
    private static TestHub hub;
    private static TestHub bound;

    @BeforeAll
    static void startHubs() {
        hub = TestHub.start();
        bound = TestHub.start("--jwt-audience", AUDIENCE, "--jwt-issuer", ISSUER);
    }

    @AfterAll
    static void stopHubs() {
        hub.close();
        bound.close();
    }

    private static HttpResult publish(TestHub target, String token) {
        return target.publish().token(token).topic(TOPIC).data("x").send();
    }

    private static Map<String, Object> claims(Object... more) {
        Map<String, Object> claims = new LinkedHashMap<>(AccessTokens.claims(PUBLISH));
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                claims.remove((String) more[i]);
            } else {
                claims.put((String) more[i], more[i + 1]);
            }
        }
        return claims;
    }

    private static int status(TestHub target, String type, Map<String, ?> claims) {
        return publish(target, target.tokens().typed(type, claims)).status();
    }

    @Test
    void aValidDraft08TokenPublishes() {
        assertEquals(200, status(hub, "at+jwt", claims()));
    }

    @Test
    void typMustBeAtJwtInAnyCaseWithOrWithoutTheApplicationPrefix() {
        assertEquals(200, status(hub, "application/at+jwt", claims()));
        assertEquals(200, status(hub, "AT+JWT", claims()));
        assertEquals(200, status(hub, "Application/At+Jwt", claims()));
        HttpResult untyped = publish(hub, hub.tokens().typed(null, claims()));
        assertEquals(401, untyped.status());
        assertEquals("invalid token: a token with authorization_details must have the header typ at+jwt\n", untyped.body());
        assertEquals(401, status(hub, "JWT", claims()), "an ID token's type is refused");
        assertEquals(401, status(hub, "at+jwt2", claims()));
    }

    @Test
    void expIsRequired() {
        HttpResult result = publish(hub, hub.tokens().typed("at+jwt", claims("exp", null)));
        assertEquals(401, result.status());
        assertEquals("invalid token: a token with authorization_details must have exp\n", result.body());
    }

    @Test
    void expAndNbfAreEnforced() {
        long now = Instant.now().getEpochSecond();
        assertEquals(401, status(hub, "at+jwt", claims("exp", now - 60)));
        assertEquals(401, status(hub, "at+jwt", claims("nbf", now + 3600)));
        assertEquals(200, status(hub, "at+jwt", claims("nbf", now - 60)));
    }

    @Test
    void audMustNameHubUrlWhenNoAudienceIsConfigured() {
        HttpResult missing = publish(hub, hub.tokens().typed("at+jwt", claims("aud", null)));
        assertEquals(401, missing.status());
        assertEquals("invalid token: aud does not name this hub's resource identifier\n", missing.body());
        assertEquals(401, status(hub, "at+jwt", claims("aud", "https://other.example.com/.well-known/mercure")));
        assertEquals(200, status(hub, "at+jwt", claims("aud", List.of("https://other.example.com", AccessTokens.AUDIENCE))));
    }

    @Test
    void draft07TokensAreNotHeldToTheDraft08RulesWhenNothingIsConfigured() {
        assertEquals(200, publish(hub, hub.tokens().publisher(TOPIC)).status(), "no typ, no exp, no aud");
    }

    @Test
    void jwtAudienceAndJwtIssuerBindEveryToken() {
        Map<String, Object> draft07 = Map.of("mercure", Map.of("publish", List.of(TOPIC)), "aud", AUDIENCE,
                "iss", ISSUER);
        assertEquals(200, publish(bound, bound.tokens().claims(draft07)).status());
        assertEquals(401, publish(bound, bound.tokens().publisher(TOPIC)).status(), "draft-07 token without aud");
        Map<String, Object> wrongIssuer = new LinkedHashMap<>(draft07);
        wrongIssuer.put("iss", "https://elsewhere.example.com");
        HttpResult result = publish(bound, bound.tokens().claims(wrongIssuer));
        assertEquals(401, result.status());
        assertEquals("invalid token: iss is not the issuer this hub trusts\n", result.body());

        assertEquals(200, status(bound, "at+jwt", claims("aud", AUDIENCE, "iss", ISSUER)));
        assertEquals(401, status(bound, "at+jwt", claims("iss", ISSUER)), "hub_url is not the resource once jwt_audience is set");
    }

    @Test
    void keysTheTokenCarriesAreNeverUsed() {
        String attackerSecret = Tokens.WRONG_KEY;
        String payload = "{\"mercure\":{\"publish\":[\"*\"]}}";
        String jwk = "{\"kty\":\"oct\",\"k\":\"" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(attackerSecret.getBytes(StandardCharsets.UTF_8)) + "\"}";
        for (String header : List.of("{\"alg\":\"HS256\",\"jwk\":" + jwk + "}",
                "{\"alg\":\"HS256\",\"jku\":\"https://attacker.example/jwks.json\"}",
                "{\"alg\":\"HS256\",\"x5u\":\"https://attacker.example/cert.pem\"}")) {
            String forged = Tokens.handSigned(header, payload, "HmacSHA256", attackerSecret.getBytes(StandardCharsets.UTF_8));
            assertEquals(401, publish(hub, forged).status(), header);
        }
        String signedByTheHub = Tokens.handSigned("{\"alg\":\"HS256\",\"jku\":\"https://attacker.example/jwks.json\","
                + "\"x5u\":\"https://attacker.example/cert.pem\"}", payload, "HmacSHA256",
                TestHub.KEY.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, publish(hub, signedByTheHub).status(), "the hub's own key verifies; the URLs are ignored");
    }
}
