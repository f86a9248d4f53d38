package dev.herald.auth;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;

import javax.crypto.SecretKey;
import java.security.Key;
import java.security.PublicKey;

/**
 * A key given as a JWK (RFC 7517): an RSA or EC public key, or an {@code oct} secret for HMAC. A
 * private JWK or a JWK Set is refused.
 */
final class JwkKey {
    private JwkKey() {
    }

    static KeySource.VerificationKey read(String option, String json) {
        if (json.startsWith("[") || json.contains("\"keys\"")) {
            throw new IllegalArgumentException(option + " holds a JWK Set; give one JWK (an RSA or EC public key)");
        }
        Jwk<?> jwk;
        try {
            jwk = Jwks.parser().build().parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " looks like a JWK (it is JSON) but is not a valid one;"
                    + " give an RSA or EC public JWK, a PEM public key, or an HMAC secret as plain text");
        }
        Key key = jwk.toKey();
        if (key instanceof PublicKey publicKey) {
            return PublicKeys.verificationKey(option, publicKey);
        }
        if (key instanceof SecretKey secret) {
            return KeySource.hmac(option, secret.getEncoded());
        }
        throw new IllegalArgumentException(option + " holds a private JWK, which the hub must never hold; give its"
                + " public part (the JWK without d, p, q, dp, dq and qi)");
    }
}
