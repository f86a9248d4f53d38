package dev.herald.auth;

import dev.herald.config.ConfigException;
import dev.herald.testing.HttpResult;
import dev.herald.testing.Pem;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Verification keys: an HMAC secret (HS256/384/512) or an RSA/EC public key in PEM (RS*, PS*, ES*),
 * an explicit algorithm allow-list, never {@code none}, and no HMAC-with-the-public-key confusion.
 */
class SigningKeyTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static final String KEY_64_BYTES = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static KeyPair rsa;
    private static KeyPair p256;
    private static KeyPair p384;
    private static KeyPair p521;

    @BeforeAll
    static void generateKeys() {
        rsa = Pem.rsa(2048);
        p256 = Pem.ec("secp256r1");
        p384 = Pem.ec("secp384r1");
        p521 = Pem.ec("secp521r1");
    }

    private static int publish(TestHub hub, String token) {
        HttpResult result = hub.publish().token(token).topic(TOPIC).data("x").send();
        return result.status();
    }

    private static TestHub hubWithKey(String key, String... more) {
        return TestHub.builder().noDefaultKeys()
                .args("--publisher-jwt-key", key, "--subscriber-jwt-key", key).args(more).start();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hmacAlgorithms")
    void hmacSecretVerifiesHs256Hs384AndHs512(String name, io.jsonwebtoken.security.MacAlgorithm algorithm) {
        try (TestHub hub = hubWithKey(KEY_64_BYTES)) {
            assertEquals(200, publish(hub, Tokens.hmac(KEY_64_BYTES, algorithm).publisher("*")));
            try (SseClient events = hub.subscriber().token(Tokens.hmac(KEY_64_BYTES, algorithm).subscriber("*"))
                    .topics(TOPIC).open()) {
                assertEquals(200, events.status());
            }
        }
    }

    static Stream<Arguments> hmacAlgorithms() {
        return Stream.of(arguments("HS256", Jwts.SIG.HS256), arguments("HS384", Jwts.SIG.HS384),
                arguments("HS512", Jwts.SIG.HS512));
    }

    @Test
    void hmacSecretShorterThan32BytesIsRefusedAtStartup() {
        ConfigException refused = assertThrows(ConfigException.class, () -> hubWithKey("only-31-bytes-long-0123456789ab"));
        assertTrue(refused.getMessage().contains("32 bytes"), refused.getMessage());
    }

    @Test
    void hs512TokenIsRefusedWhenTheSecretIsShorterThan64Bytes() {
        try (TestHub hub = TestHub.start()) {
            String token = Tokens.handSigned("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", "{\"mercure\":{\"publish\":[\"*\"]}}",
                    "HmacSHA512", TestHub.KEY.getBytes(StandardCharsets.UTF_8));
            assertEquals(401, publish(hub, token));
            assertEquals(200, publish(hub, hub.tokens().publisher("*")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicKeyAlgorithms")
    void pemPublicKeyVerifiesRsaAndEcSignatures(String name, KeyPair pair, SecureDigestAlgorithm<PrivateKey, ?> algorithm) {
        try (TestHub hub = hubWithKey(Pem.encode(pair.getPublic()))) {
            Tokens tokens = Tokens.signedWith(pair.getPrivate(), algorithm);
            assertEquals(200, publish(hub, tokens.publisher("*")));
            try (SseClient events = hub.subscriber().token(tokens.subscriber("*")).topics(TOPIC).open()) {
                assertEquals(200, events.status());
            }
            assertEquals(401, publish(hub, hub.tokens().publisher("*")), "an HMAC token is no good against a public key");
        }
    }

    static Stream<Arguments> publicKeyAlgorithms() {
        return Stream.of(
                arguments("RS256", rsa, Jwts.SIG.RS256), arguments("RS384", rsa, Jwts.SIG.RS384),
                arguments("RS512", rsa, Jwts.SIG.RS512), arguments("PS256", rsa, Jwts.SIG.PS256),
                arguments("PS512", rsa, Jwts.SIG.PS512), arguments("ES256", p256, Jwts.SIG.ES256),
                arguments("ES384", p384, Jwts.SIG.ES384), arguments("ES512", p521, Jwts.SIG.ES512));
    }

    @Test
    void tokenSignedByAnotherKeyPairIsRefused() {
        try (TestHub hub = hubWithKey(Pem.encode(rsa.getPublic()))) {
            assertEquals(401, publish(hub, Tokens.signedWith(Pem.rsa(2048).getPrivate(), Jwts.SIG.RS256).publisher("*")));
        }
    }

    @Test
    void hmacTokenSignedWithThePemTextIsRefused() {
        String pem = Pem.encode(rsa.getPublic());
        try (TestHub hub = hubWithKey(pem)) {
            for (String secret : new String[] {pem, pem.trim()}) {
                assertEquals(401, publish(hub, Tokens.hmac(secret).publisher("*")));
                assertEquals(401, publish(hub, Tokens.hmac(secret, Jwts.SIG.HS512).publisher("*")));
            }
        }
    }

    @Test
    void algorithmOutsideTheAllowListIsRefused() {
        try (TestHub hub = hubWithKey(Pem.encode(rsa.getPublic()), "--jwt-algorithms", "RS256")) {
            assertEquals(200, publish(hub, Tokens.signedWith(rsa.getPrivate(), Jwts.SIG.RS256).publisher("*")));
            assertEquals(401, publish(hub, Tokens.signedWith(rsa.getPrivate(), Jwts.SIG.PS256).publisher("*")));
            assertEquals(401, publish(hub, Tokens.signedWith(rsa.getPrivate(), Jwts.SIG.RS512).publisher("*")));
        }
    }

    @Test
    void hmacAllowListRefusesOtherHmacAlgorithms() {
        try (TestHub hub = TestHub.builder().args("--jwt-algorithms", "HS384").start()) {
            assertEquals(200, publish(hub, Tokens.hmac(TestHub.KEY, Jwts.SIG.HS384).publisher("*")));
            assertEquals(401, publish(hub, hub.tokens().publisher("*")));
        }
    }

    @Test
    void unsignedTokenIsRefused() {
        try (TestHub hub = TestHub.start()) {
            assertEquals(401, publish(hub, Tokens.unsigned(Map.of("mercure", Map.of("publish", java.util.List.of("*"))))));
            String forged = Tokens.handSigned("{\"alg\":\"none\"}", "{\"mercure\":{\"publish\":[\"*\"]}}", "HmacSHA256",
                    TestHub.KEY.getBytes(StandardCharsets.UTF_8));
            assertEquals(401, publish(hub, forged));
        }
    }

    @Test
    void noneInTheAllowListIsRefusedAtStartup() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> TestHub.start("--jwt-algorithms", "none"));
        assertTrue(refused.getMessage().contains("none"), refused.getMessage());
    }

    @Test
    void hmacAlgorithmInTheAllowListOfAPublicKeyIsRefusedAtStartup() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> hubWithKey(Pem.encode(rsa.getPublic()), "--jwt-algorithms", "RS256,HS256"));
        assertTrue(refused.getMessage().contains("HS256"), refused.getMessage());
    }

    @Test
    void privateKeyOrGarbagePemIsRefusedAtStartup() {
        assertThrows(ConfigException.class, () -> hubWithKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));
        assertThrows(ConfigException.class, () -> hubWithKey("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----"));
    }
}
