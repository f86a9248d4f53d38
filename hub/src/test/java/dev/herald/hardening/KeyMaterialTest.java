package dev.herald.hardening;

import dev.herald.config.ConfigException;
import dev.herald.server.HeraldServer;
import dev.herald.testing.LogCapture;
import dev.herald.testing.Pem;
import dev.herald.testing.Probe;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A public key given in a form the hub does not read must never become an HMAC secret: anyone
 * holding the public text could then sign tokens with it. Such text is refused at startup, naming
 * the option and what to give instead; the forms the hub does read are parsed as the keys they are.
 */
class KeyMaterialTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static KeyPair rsa;
    private static KeyPair p256;

    @BeforeAll
    static void generateKeys() {
        rsa = Pem.rsa(2048);
        p256 = Pem.ec("secp256r1");
    }

    private static TestHub hubWithKey(String key, String... more) {
        return TestHub.builder().noDefaultKeys()
                .args("--publisher-jwt-key", key, "--subscriber-jwt-key", key).args(more).start();
    }

    private static int publish(TestHub hub, String token) {
        return hub.publish().token(token).topic(TOPIC).data("x").send().status();
    }

    static Stream<Arguments> foreignKeyForms() {
        String pem = Pem.encode(rsa.getPublic());
        String der = Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded());
        return Stream.of(
                arguments("OpenSSH RSA public key", sshRsa((RSAPublicKey) rsa.getPublic()) + " user@host", "PEM"),
                arguments("OpenSSH ECDSA public key", sshEcdsa((ECPublicKey) p256.getPublic()), "PEM"),
                arguments("OpenSSH private key", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + der
                        + "\n-----END OPENSSH PRIVATE KEY-----\n", "public key"),
                arguments("PEM private key after a label line", "signing key\n-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(rsa.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n", "public key"),
                arguments("PEM certificate", "-----BEGIN CERTIFICATE-----\n" + der + "\n-----END CERTIFICATE-----\n",
                        "openssl x509"),
                arguments("PKCS#1 RSA public key", "-----BEGIN RSA PUBLIC KEY-----\n" + der
                        + "\n-----END RSA PUBLIC KEY-----\n", "PUBLIC KEY"),
                arguments("two PEM blocks", pem + pem, "exactly one"),
                arguments("PEM without its END line", pem.substring(0, pem.indexOf("-----END")), "PEM"),
                arguments("public key in base64 DER without armour", der, "-----BEGIN PUBLIC KEY-----"),
                arguments("private JWK", Jwks.UNSAFE_JSON(Jwks.builder().key((RSAPrivateCrtKey) rsa.getPrivate())
                        .build()), "public"),
                arguments("JWK Set", "{\"keys\":[" + Jwks.json(Jwks.builder().key((RSAPublicKey) rsa.getPublic())
                        .build()) + "]}", "one JWK"),
                arguments("JSON that is no JWK", "{\"kty\":\"RSA\",\"n\":\"not base64 !\",\"e\":\"AQAB\"}", "JWK"),
                arguments("RSA key of 1024 bits", Pem.encode(Pem.rsa(1024).getPublic()), "2048"),
                arguments("Ed25519 public key", Pem.encode(ed25519()), "neither RSA nor EC"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("foreignKeyForms")
    void keyMaterialThatIsNoUsableKeyIsRefusedAtStartup(String name, String key, String advice) {
        for (String form : new String[] {key, "\uFEFF" + key}) {
            ConfigException refused = assertThrows(ConfigException.class, () -> hubWithKey(form), name);
            assertTrue(refused.getMessage().contains("publisher_jwt_key"), refused.getMessage());
            assertTrue(refused.getMessage().contains(advice), refused.getMessage());
        }
    }

    static Stream<Arguments> readableKeyForms() {
        String pem = Pem.encode(rsa.getPublic());
        return Stream.of(
                arguments("PEM with a byte order mark", "\uFEFF" + pem),
                arguments("PEM after a label line", "publisher key (prod)\n" + pem),
                arguments("PEM between explanatory lines, CRLF", "Key for Herald\r\n" + pem.replace("\n", "\r\n")
                        + "rotated 2024\r\n"),
                arguments("RSA public JWK", Jwks.json(Jwks.builder().key((RSAPublicKey) rsa.getPublic()).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableKeyForms")
    void otherFormsOfAPublicKeyAreReadAsThatKeyNeverAsASecret(String name, String key) {
        try (TestHub hub = hubWithKey(key)) {
            String good = Tokens.signedWith(rsa.getPrivate(), Jwts.SIG.RS256).publisher("*");
            assertEquals(200, publish(hub, good));
            for (String text : new String[] {key, key.strip(), key.replace("\uFEFF", "").strip()}) {
                assertEquals(401, publish(hub, Tokens.hmac(text).publisher("*")), "HMAC signed with the key's text");
            }
            Probe.assertResponsive(hub.baseUrl(), good);
        }
    }

    @Test
    void ecPublicJwkVerifiesItsCurvesAlgorithm() {
        String jwk = Jwks.json(Jwks.builder().key((ECPublicKey) p256.getPublic()).build());
        try (TestHub hub = hubWithKey(jwk)) {
            assertEquals(200, publish(hub, Tokens.signedWith(p256.getPrivate(), Jwts.SIG.ES256).publisher("*")));
            assertEquals(401, publish(hub, Tokens.hmac(jwk).publisher("*")));
        }
    }

    @Test
    void octJwkIsTheSecretItEncodesNotItsText() {
        byte[] secret = "an-hmac-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);
        String jwk = Jwks.UNSAFE_JSON(Jwks.builder().key(Keys.hmacShaKeyFor(secret)).build());
        try (TestHub hub = hubWithKey(jwk)) {
            assertEquals(200, publish(hub, Tokens.hmac(new String(secret, StandardCharsets.UTF_8)).publisher("*")));
            assertEquals(401, publish(hub, Tokens.hmac(jwk).publisher("*")));
        }
    }

    @Test
    void hmacAlgorithmLongerThanTheSecretAllowsIsRefusedAtStartup() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> TestHub.start("--jwt-algorithms", "HS512"));
        assertTrue(refused.getMessage().contains("HS512") && refused.getMessage().contains("48 bytes"),
                refused.getMessage());
    }

    @Test
    void startupLogNamesEachRolesKeyTypeAndAlgorithmsButNeverTheKey() {
        String pem = Pem.encode(rsa.getPublic());
        try (LogCapture log = LogCapture.of(HeraldServer.class.getName());
             TestHub hub = TestHub.builder().noDefaultKeys()
                     .args("--publisher-jwt-key", pem, "--subscriber-jwt-key", TestHub.KEY).start()) {
            String all = String.join("\n", log.messages());
            assertTrue(all.contains("publisher_jwt_key: RSA public key of 2048 bits, algorithms PS256, PS384, PS512,"
                    + " RS256, RS384, RS512"), all);
            assertTrue(all.contains("subscriber_jwt_key: HMAC secret of 48 bytes, algorithms HS256, HS384"), all);
            String base64 = pem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
            assertFalse(all.contains(base64), "the public key itself is not logged");
            assertFalse(all.contains(TestHub.KEY), "the secret is never logged");
        }
    }

    private static PublicKey ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ssh-rsa AAAA...}, as in an OpenSSH {@code .pub} file (RFC 4253 section 6.6). */
    private static String sshRsa(RSAPublicKey key) {
        return "ssh-rsa " + sshBlob("ssh-rsa", key.getPublicExponent().toByteArray(), key.getModulus().toByteArray());
    }

    /** {@code ecdsa-sha2-nistp256 AAAA...} (RFC 5656 section 3.1). */
    private static String sshEcdsa(ECPublicKey key) {
        byte[] x = unsigned(key.getW().getAffineX());
        byte[] y = unsigned(key.getW().getAffineY());
        byte[] point = new byte[65];
        point[0] = 4;
        System.arraycopy(x, 0, point, 1 + 32 - x.length, x.length);
        System.arraycopy(y, 0, point, 33 + 32 - y.length, y.length);
        return "ecdsa-sha2-nistp256 " + sshBlob("ecdsa-sha2-nistp256", "nistp256".getBytes(StandardCharsets.US_ASCII),
                point);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String sshBlob(String type, byte[]... fields) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(blob)) {
            out.writeInt(type.length());
            out.write(type.getBytes(StandardCharsets.US_ASCII));
            for (byte[] field : fields) {
                out.writeInt(field.length);
                out.write(field);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getEncoder().encodeToString(blob.toByteArray());
    }
}
