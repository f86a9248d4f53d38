package dev.herald.auth;

import dev.herald.testing.HttpResult;
import dev.herald.testing.JwksServer;
import dev.herald.testing.LongPoller;
import dev.herald.testing.Pem;
import dev.herald.testing.Publisher;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.Key;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verification keys from a JWKS endpoint ({@code publisher_jwks_url}, {@code subscriber_jwks_url}):
 * chosen by the token's {@code kid}, RSA and EC, a new key usable on its first token, a flood of
 * unknown {@code kid}s costing a bounded number of fetches, the algorithm allow-list and each key's
 * own {@code alg} honoured, unusable keys skipped, and no token ever supplying its own key.
 */
class JwksKeysTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static KeyPair rsa;
    private static KeyPair ec;
    private static KeyPair other;
    private JwksServer jwks;

    @BeforeAll
    static void generateKeys() {
        rsa = Pem.rsa(2048);
        ec = Pem.ec("secp256r1");
        other = Pem.rsa(2048);
    }

    @BeforeEach
    void serve() {
        jwks = JwksServer.start().keys(JwksServer.jwk(rsa.getPublic(), "rsa-1"), JwksServer.jwk(ec.getPublic(), "ec-1"));
    }

    @AfterEach
    void stop() {
        jwks.close();
    }

    private TestHub hub(String... more) {
        return TestHub.builder().noDefaultKeys().args("--publisher-jwks-url", jwks.url(),
                "--subscriber-jwks-url", jwks.url()).args(more).start();
    }

    static String publisher(String kid, Key key, SecureDigestAlgorithm<?, ?> algorithm) {
        return JwksServer.token(kid, key, algorithm, Map.of("publish", List.of("*")));
    }

    static String subscriber(String kid, Key key, SecureDigestAlgorithm<?, ?> algorithm) {
        return JwksServer.token(kid, key, algorithm, Map.of("subscribe", List.of("*")));
    }

    private static HttpResult publish(TestHub hub, String token) {
        return Publisher.to(hub).token(token).topic(TOPIC).data("x").privately().send();
    }

    @Test
    void tokensSignedWithRsaAndEcKeysOfTheSetPublishAndSubscribe() {
        try (TestHub hub = hub()) {
            try (SseClient sse = hub.subscriber().token(subscriber("ec-1", ec.getPrivate(), Jwts.SIG.ES256))
                    .topics(TOPIC).open()) {
                assertEquals(200, sse.status());
                assertEquals(200, publish(hub, publisher("rsa-1", rsa.getPrivate(), Jwts.SIG.RS256)).status());
                assertEquals(200, publish(hub, publisher("ec-1", ec.getPrivate(), Jwts.SIG.ES256)).status());
                assertEquals("x", sse.next().data());
            }
            assertEquals(200, publish(hub, publisher("rsa-1", rsa.getPrivate(), Jwts.SIG.PS256)).status());
            LongPoller.Poll poll = LongPoller.poll(hub, "earliest", subscriber("rsa-1", rsa.getPrivate(), Jwts.SIG.RS512),
                    TOPIC);
            assertEquals(200, poll.status(), poll.body().encode());
            // Each kid names its own key: the RSA key's kid on an EC signature does not verify.
            HttpResult crossed = publish(hub, publisher("rsa-1", ec.getPrivate(), Jwts.SIG.ES256));
            assertEquals(401, crossed.status(), crossed.body());
        }
    }

    @Test
    void aKeyAddedToTheSetIsAcceptedOnItsFirstToken() {
        try (TestHub hub = hub()) {
            int before = jwks.fetches();
            jwks.keys(JwksServer.jwk(rsa.getPublic(), "rsa-1"), JwksServer.jwk(other.getPublic(), "rsa-2"),
                    JwksServer.jwk(ec.getPublic(), "ec-2"));
            assertEquals(200, publish(hub, publisher("rsa-2", other.getPrivate(), Jwts.SIG.RS256)).status());
            assertEquals(before + 1, jwks.fetches());
            // Each role has its own set; a WebSocket upgrade waits for the fetch like any request.
            try (WsClient ws = WsClient.connect(hub, "topic=" + TestHub.encode(TOPIC),
                    subscriber("ec-2", ec.getPrivate(), Jwts.SIG.ES256))) {
                assertEquals("subscribed", ws.next("subscribed").getString("type"));
            }
            assertEquals(before + 2, jwks.fetches());
            try (SseClient sse = hub.subscriber().token(subscriber("rsa-2", other.getPrivate(), Jwts.SIG.RS256))
                    .topics(TOPIC).open()) {
                assertEquals(200, sse.status());
            }
            assertEquals(before + 2, jwks.fetches());
        }
    }

    @Test
    void aKeyWithdrawnFromTheSetStopsAdmittingItsTokensOnceTheSetIsFetched() {
        try (TestHub hub = hub()) {
            String withdrawn = publisher("rsa-1", rsa.getPrivate(), Jwts.SIG.RS256);
            assertEquals(200, publish(hub, withdrawn).status());
            assertEquals(200, publish(hub, withdrawn).status()); // now a verified token, cached
            jwks.keys(JwksServer.jwk(ec.getPublic(), "ec-1"), JwksServer.jwk(other.getPublic(), "rsa-2"));
            assertEquals(200, publish(hub, publisher("rsa-2", other.getPrivate(), Jwts.SIG.RS256)).status());
            HttpResult refused = publish(hub, withdrawn);
            assertEquals(401, refused.status());
            assertTrue(refused.body().contains("names no usable key"), refused.body());
        }
    }

    @Test
    void aFloodOfUnknownKidsCostsABoundedNumberOfFetches() {
        try (TestHub hub = hub()) {
            int before = jwks.fetches();
            for (int i = 0; i < 40; i++) {
                HttpResult refused = publish(hub, publisher(UUID.randomUUID().toString(), rsa.getPrivate(), Jwts.SIG.RS256));
                assertEquals(401, refused.status());
                assertTrue(refused.body().contains("names no usable key"), refused.body());
            }
            // One fetch for the first unknown kid; the rest fall within the rate limit.
            assertEquals(1, jwks.fetches() - before);
            assertEquals(200, publish(hub, publisher("rsa-1", rsa.getPrivate(), Jwts.SIG.RS256)).status());
        }
    }

    @Test
    void aKeyIsUsedOnlyWithAnAlgorithmTheAllowListAndItsOwnAlgPermit() {
        jwks.keys(JwksServer.jwk(rsa.getPublic(), "rsa-1", "RS256", Map.of()),
                JwksServer.jwk(other.getPublic(), "rsa-384", "RS384", Map.of()),
                JwksServer.jwk(ec.getPublic(), "ec-1"));
        try (TestHub hub = hub("--jwt-algorithms", "RS384,ES256")) {
            // RS256 is the key's own alg but not allowed: the key has no algorithm left, it is skipped.
            assertEquals(401, publish(hub, publisher("rsa-1", rsa.getPrivate(), Jwts.SIG.RS256)).status());
            assertEquals(401, publish(hub, publisher("rsa-1", rsa.getPrivate(), Jwts.SIG.RS384)).status());
            // The key's own alg is RS384: an RS512 or PS384 signature by the same key is refused.
            assertEquals(200, publish(hub, publisher("rsa-384", other.getPrivate(), Jwts.SIG.RS384)).status());
            assertEquals(401, publish(hub, publisher("rsa-384", other.getPrivate(), Jwts.SIG.PS384)).status());
            assertEquals(200, publish(hub, publisher("ec-1", ec.getPrivate(), Jwts.SIG.ES256)).status());
        }
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() {
        try (TestHub hub = hub()) {
            byte[] publicBytes = rsa.getPublic().getEncoded();
            HttpResult refused = publish(hub, publisher("rsa-1", Keys.hmacShaKeyFor(publicBytes), Jwts.SIG.HS256));
            assertEquals(401, refused.status());
            assertTrue(refused.body().contains("algorithm not allowed"), refused.body());
        }
    }

    @Test
    void anUnsignedTokenNamingAKeyOfTheSetIsRefused() {
        try (TestHub hub = hub()) {
            java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String unsigned = base64.encodeToString("{\"alg\":\"none\",\"kid\":\"rsa-1\"}".getBytes()) + "."
                    + base64.encodeToString("{\"mercure\":{\"publish\":[\"*\"]}}".getBytes()) + ".";
            HttpResult refused = publish(hub, unsigned);
            assertEquals(401, refused.status());
            assertTrue(refused.body().contains("algorithm not allowed"), refused.body());
        }
    }

    @Test
    void unusableKeysOfTheSetAreSkipped() {
        byte[] secret = "a-shared-secret-published-by-mistake-0123456789".getBytes();
        String octKey = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        KeyPair published = Pem.rsa(2048);
        var privateRsa = (java.security.interfaces.RSAPrivateCrtKey) published.getPrivate();
        jwks.keys(new JsonObject().put("kty", "oct").put("kid", "oct-1").put("k", octKey),
                JwksServer.jwk(other.getPublic(), "enc-1", null, Map.of("use", "enc")),
                JwksServer.jwk(published.getPublic(), "private-1", null, Map.of("d", "AQAB",
                        "p", "AQAB", "q", "AQAB", "dp", "AQAB", "dq", "AQAB", "qi", "AQAB")),
                JwksServer.jwk(ec.getPublic(), "ec-1"));
        try (TestHub hub = hub()) {
            assertEquals(401, publish(hub, publisher("oct-1", Keys.hmacShaKeyFor(secret), Jwts.SIG.HS256)).status());
            assertEquals(401, publish(hub, publisher("enc-1", other.getPrivate(), Jwts.SIG.RS256)).status());
            assertEquals(401, publish(hub, publisher("private-1", privateRsa, Jwts.SIG.RS256)).status());
            assertEquals(200, publish(hub, publisher("ec-1", ec.getPrivate(), Jwts.SIG.ES256)).status());
        }
    }

    @Test
    void aTokenNeverSuppliesItsOwnKey() {
        try (JwksServer attacker = JwksServer.start().keys(JwksServer.jwk(other.getPublic(), "evil"));
             TestHub hub = hub()) {
            String claims = "{\"mercure\":{\"publish\":[\"*\"]}}";
            String withJku = rs256(new JsonObject().put("alg", "RS256").put("kid", "evil").put("jku", attacker.url()), claims);
            assertEquals(401, publish(hub, withJku).status());
            String withJwk = rs256(new JsonObject().put("alg", "RS256").put("kid", "evil")
                    .put("jwk", JwksServer.jwk(other.getPublic(), "evil")), claims);
            assertEquals(401, publish(hub, withJwk).status());
            String withX5u = rs256(new JsonObject().put("alg", "RS256").put("x5u", attacker.url()), claims);
            assertEquals(401, publish(hub, withX5u).status());
            assertEquals(0, attacker.fetches());
        }
    }

    /** A JWS with exactly this header, signed RS256 by the {@code other} key, which the hub does not know. */
    private static String rs256(JsonObject header, String claims) {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String input = base64.encodeToString(header.encode().getBytes()) + "." + base64.encodeToString(claims.getBytes());
        try {
            java.security.Signature signature = java.security.Signature.getInstance("SHA256withRSA");
            signature.initSign(other.getPrivate());
            signature.update(input.getBytes());
            return input + "." + base64.encodeToString(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStaticKeyBesideTheSetVerifiesTokensNamingNoKeyOfIt() {
        try (TestHub hub = hub("--publisher-jwt-key", TestHub.KEY)) {
            assertEquals(200, publish(hub, hub.tokens().publisher("*")).status());
            assertEquals(200, publish(hub, publisher("hmac", Keys.hmacShaKeyFor(TestHub.KEY.getBytes()), Jwts.SIG.HS256))
                    .status());
            assertEquals(200, publish(hub, publisher("rsa-1", rsa.getPrivate(), Jwts.SIG.RS256)).status());
            // The set's key is never tried as an HMAC secret, nor the static key for a kid of the set.
            assertEquals(401, publish(hub, publisher("rsa-1", Keys.hmacShaKeyFor(TestHub.KEY.getBytes()),
                    Jwts.SIG.HS256)).status());
        }
    }

    @Test
    void withOnlyASetATokenMustNameItsKey() {
        try (TestHub hub = hub()) {
            HttpResult refused = publish(hub, publisher(null, rsa.getPrivate(), Jwts.SIG.RS256));
            assertEquals(401, refused.status());
            assertTrue(refused.body().contains("no kid"), refused.body());
        }
    }
}
