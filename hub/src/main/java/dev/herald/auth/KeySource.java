package dev.herald.auth;

import io.jsonwebtoken.security.Keys;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Reads a configured verification key: an HMAC secret, or an RSA/EC public key in PEM
 * ({@code -----BEGIN PUBLIC KEY-----}). Also says which algorithms fit that key, so an HMAC
 * algorithm can never be checked against a public key (the classic RS/HS confusion attack).
 */
public final class KeySource {
    static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");
    static final Set<String> RSA = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    static final Set<String> EC = Set.of("ES256", "ES384", "ES512");

    /** A parsed key and the algorithms it can verify. */
    public record VerificationKey(Key key, Set<String> algorithms) {
    }

    private KeySource() {
    }

    /** @throws IllegalArgumentException with a message naming {@code option} when the key is unusable */
    public static VerificationKey read(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " is empty");
        }
        String trimmed = value.trim();
        if (trimmed.startsWith("-----BEGIN")) {
            PublicKey key = readPem(option, trimmed);
            return new VerificationKey(key, key instanceof RSAPublicKey ? RSA : EC);
        }
        byte[] secret = value.getBytes(StandardCharsets.UTF_8);
        // RFC 7518 §3.2: an HS256 key must be at least 256 bits; JJWT enforces it on every token.
        if (secret.length < 32) {
            throw new IllegalArgumentException(option + " is " + secret.length
                    + " bytes; an HMAC secret must be at least 32 bytes (256 bits, RFC 7518 section 3.2)");
        }
        SecretKey key = Keys.hmacShaKeyFor(secret);
        return new VerificationKey(key, HMAC);
    }

    /** The allow-list for a key: the configured algorithms, which must all fit it, or all that fit it. */
    public static Set<String> allowedAlgorithms(String option, VerificationKey key, List<String> configured) {
        if (configured == null || configured.isEmpty()) {
            return key.algorithms();
        }
        for (String algorithm : configured) {
            if (!key.algorithms().contains(algorithm)) {
                throw new IllegalArgumentException("jwt_algorithms lists " + algorithm + ", which cannot be used with "
                        + option + " (it accepts " + String.join(", ", key.algorithms().stream().sorted().toList()) + ")");
            }
        }
        return Set.copyOf(configured);
    }

    private static PublicKey readPem(String option, String pem) {
        if (!pem.contains("-----BEGIN PUBLIC KEY-----")) {
            throw new IllegalArgumentException(option + " must be an HMAC secret or a PEM public key"
                    + " (-----BEGIN PUBLIC KEY-----); certificates and private keys are not accepted");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " holds a PEM block that is not valid base64");
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                if (key instanceof RSAPublicKey || key instanceof ECPublicKey) {
                    return key;
                }
            } catch (Exception notThisAlgorithm) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException(option + " holds a PEM public key that is neither RSA nor EC");
    }
}
