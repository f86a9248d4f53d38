package dev.herald.auth;

import dev.herald.config.ConfigException;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.testing.JwksServer;
import dev.herald.testing.Pem;
import dev.herald.testing.Publisher;
import dev.herald.testing.TestHub;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code publisher_jwks_url} and {@code subscriber_jwks_url}: what they accept at start, how they
 * combine with the static keys and {@code jwt_algorithms}, and when the set is fetched again.
 */
class JwksConfigTest {

    @Test
    void urlsAreReadFromTheirOptionsAndAbsentByDefault() {
        HeraldConfig config = ConfigLoader.load(new String[] {"--publisher-jwks-url", "https://auth.example.com/jwks.json"},
                Map.of("HERALD_SUBSCRIBER_JWKS_URL", "http://keys.internal:8080/certs"));
        assertEquals(URI.create("https://auth.example.com/jwks.json"), config.auth().publisherJwksUrl());
        assertEquals(URI.create("http://keys.internal:8080/certs"), config.auth().subscriberJwksUrl());
        assertNull(ConfigLoader.load(new String[0], Map.of()).auth().publisherJwksUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth.example.com/jwks.json", "/jwks.json", "ftp://auth.example.com/jwks.json",
            "file:///etc/jwks.json", "https://", "https://user:secret@auth.example.com/jwks.json",
            "https://auth.example.com/jwks.json#keys", "https://auth example.com/"})
    void aUrlThatCannotServeAJwkSetIsRefusedAtStart(String url) {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--subscriber-jwks-url", url}, Map.of()));
        assertTrue(refused.getMessage().startsWith("subscriber_jwks_url"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("secret"), "credentials are never repeated: " + refused.getMessage());
    }

    @Test
    void aSetAloneIsEnoughForEitherRole() {
        KeyPair rsa = Pem.rsa(2048);
        try (JwksServer jwks = JwksServer.start().keys(JwksServer.jwk(rsa.getPublic(), "k"));
             TestHub hub = TestHub.builder().noDefaultKeys().args("--publisher-jwks-url", jwks.url(),
                     "--anonymous").start()) {
            String token = JwksKeysTest.publisher("k", rsa.getPrivate(), Jwts.SIG.RS256);
            assertEquals(200, Publisher.to(hub).token(token).topic("https://example.com/a").data("x").send().status());
        }
    }

    @Test
    void anAllowListWithoutPublicKeyAlgorithmsIsRefusedBesideASet() {
        ConfigException refused = assertThrows(ConfigException.class, () -> TestHub.builder().noDefaultKeys()
                .args("--publisher-jwks-url", "http://127.0.0.1:1/jwks.json", "--anonymous",
                        "--jwt-algorithms", "HS256").start());
        assertTrue(refused.getMessage().contains("jwt_algorithms"), refused.getMessage());
    }

    @Test
    void theAllowListMayServeTheStaticKeyAndTheSetTogether() {
        // Alone, an HMAC key refuses an allow-list naming RS256; beside a set, it takes HS256 and the set RS256.
        assertThrows(ConfigException.class, () -> TestHub.builder()
                .args("--jwt-algorithms", "HS256,RS256").start());
        KeyPair rsa = Pem.rsa(2048);
        try (JwksServer jwks = JwksServer.start().keys(JwksServer.jwk(rsa.getPublic(), "k"));
             TestHub hub = TestHub.builder().args("--publisher-jwks-url", jwks.url(),
                     "--jwt-algorithms", "HS256,RS256").start()) {
            assertEquals(200, hub.publish().topic("https://example.com/a").data("x").send().status());
            String rs256 = JwksKeysTest.publisher("k", rsa.getPrivate(), Jwts.SIG.RS256);
            assertEquals(200, Publisher.to(hub).token(rs256).topic("https://example.com/a").data("x").send().status());
        }
    }

    @Test
    void theSetIsFetchedAgainAsItsCacheControlSaysWithinBounds() {
        assertEquals(JwksKeySet.DEFAULT_REFRESH, JwksKeySet.refreshAfter(null));
        assertEquals(JwksKeySet.DEFAULT_REFRESH, JwksKeySet.refreshAfter("public"));
        assertEquals(Duration.ofSeconds(600), JwksKeySet.refreshAfter("public, max-age=600, must-revalidate"));
        assertEquals(Duration.ofSeconds(3600), JwksKeySet.refreshAfter("MAX-AGE=\"3600\""));
        assertEquals(JwksKeySet.MIN_REFRESH, JwksKeySet.refreshAfter("max-age=0"));
        assertEquals(JwksKeySet.MIN_REFRESH, JwksKeySet.refreshAfter("no-store"));
        assertEquals(JwksKeySet.MIN_REFRESH, JwksKeySet.refreshAfter("no-cache, max-age=86400"));
        assertEquals(JwksKeySet.MAX_REFRESH, JwksKeySet.refreshAfter("max-age=999999999999"));
        assertEquals(JwksKeySet.DEFAULT_REFRESH, JwksKeySet.refreshAfter("s-maxage=60"));
    }
}
