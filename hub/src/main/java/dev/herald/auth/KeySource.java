package dev.herald.auth;

import io.jsonwebtoken.security.Keys;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a configured verification key and says which algorithms fit it, so an HMAC algorithm can
 * never be checked against a public key (the classic RS/HS confusion attack).
 *
 * <p>Accepted forms: a PEM public key ({@code -----BEGIN PUBLIC KEY-----}, RSA or EC, explanatory
 * text around the block and a byte order mark allowed, as RFC 7468 section 5.2 says), a JWK (an RSA
 * or EC public key, or an {@code oct} secret), or an HMAC secret given as plain text. Text that looks
 * like any other kind of key (an OpenSSH key, a certificate, a private key, a public key without its
 * PEM armour) is refused: used as an HMAC secret, a public text would let anyone sign tokens.
 */
public final class KeySource {
    static final Set<String> RSA = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    // OpenSSH (ssh-rsa AAAA..., ecdsa-sha2-nistp256 AAAA..., sk-...@openssh.com), RFC 4716 and PuTTY files.
    private static final Pattern SSH_KEY = Pattern.compile(
            "(?s)((ssh|ecdsa-sha2|sk-ssh|sk-ecdsa-sha2)-[A-Za-z0-9@.-]+\\s+AAAA.*|---- BEGIN SSH2 .*|PuTTY-User-Key-File-.*)");
    // Base64 that decodes to a DER SEQUENCE ("MI" is 0x30 0x8n): a key or certificate without PEM armour.
    private static final Pattern BARE_DER = Pattern.compile("MI[A-Za-z0-9+/=\\s]{60,}");

    /**
     * A parsed key, the algorithms it can verify, and what it is (for the startup log; never the
     * key itself).
     */
    public record VerificationKey(Key key, Set<String> algorithms, String description) {
        public VerificationKey {
            algorithms = Set.copyOf(algorithms);
        }
    }

    private KeySource() {
    }

    /** @throws IllegalArgumentException with a message naming {@code option} when the key is unusable */
    public static VerificationKey read(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " is empty");
        }
        String text = value.charAt(0) == BYTE_ORDER_MARK ? value.substring(1) : value;
        String trimmed = text.strip();
        if (trimmed.contains("-----BEGIN ") || trimmed.contains("-----END ")) {
            return PemKey.read(option, trimmed);
        }
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return JwkKey.read(option, trimmed);
        }
        if (SSH_KEY.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(option + " holds an SSH key, which Herald cannot verify tokens with;"
                    + " give its public key as PEM (ssh-keygen -e -m PKCS8 -f key.pub) or as a JWK");
        }
        if (BARE_DER.matcher(trimmed).matches() && PemKey.isKeyOrCertificate(trimmed)) {
            throw new IllegalArgumentException(option + " holds a key in base64 DER without PEM armour; put a public"
                    + " key between -----BEGIN PUBLIC KEY----- and -----END PUBLIC KEY----- lines");
        }
        return hmac(option, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An HMAC secret, with the algorithms its length allows. */
    static VerificationKey hmac(String option, byte[] secret) {
        // RFC 7518 section 3.2: an HMAC key must be at least as long as the hash output (HS256: 32 bytes).
        if (secret.length < 32) {
            throw new IllegalArgumentException(option + " is " + secret.length
                    + " bytes; an HMAC secret must be at least 32 bytes (256 bits, RFC 7518 section 3.2)");
        }
        Set<String> algorithms = new TreeSet<>(List.of("HS256"));
        if (secret.length >= 48) {
            algorithms.add("HS384");
        }
        if (secret.length >= 64) {
            algorithms.add("HS512");
        }
        return new VerificationKey(Keys.hmacShaKeyFor(secret), algorithms, "HMAC secret of " + secret.length + " bytes");
    }

    /** The allow-list for a key: the configured algorithms, which must all fit it, or all that fit it. */
    public static Set<String> allowedAlgorithms(String option, VerificationKey key, List<String> configured) {
        if (configured == null || configured.isEmpty()) {
            return key.algorithms();
        }
        for (String algorithm : configured) {
            if (!key.algorithms().contains(algorithm)) {
                throw new IllegalArgumentException("jwt_algorithms lists " + algorithm + ", which cannot be used with "
                        + option + " (an " + key.description() + "; it accepts "
                        + String.join(", ", new TreeSet<>(key.algorithms())) + ")");
            }
        }
        return Set.copyOf(configured);
    }
}
