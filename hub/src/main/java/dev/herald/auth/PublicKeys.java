package dev.herald.auth;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Map;
import java.util.Set;

/** Which JWS algorithms a public key can verify, refusing keys too weak for any of them. */
final class PublicKeys {
    // RFC 7518 section 3.4: each ES algorithm names its curve.
    private static final Map<String, String> EC_ALGORITHMS = Map.of(
            "secp256r1", "ES256", "secp384r1", "ES384", "secp521r1", "ES512");
    private static final Map<String, String> CURVE_NAMES = Map.of(
            "secp256r1", "P-256", "secp384r1", "P-384", "secp521r1", "P-521");

    private PublicKeys() {
    }

    static KeySource.VerificationKey verificationKey(String option, PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            // RFC 7518 section 3.3: RSA keys of 2048 bits or more.
            if (bits < 2048) {
                throw new IllegalArgumentException(option + " is an RSA key of " + bits
                        + " bits; RS and PS algorithms need at least 2048 (RFC 7518 section 3.3)");
            }
            return new KeySource.VerificationKey(key, KeySource.RSA, "RSA public key of " + bits + " bits");
        }
        if (key instanceof ECPublicKey ec) {
            for (Map.Entry<String, String> curve : EC_ALGORITHMS.entrySet()) {
                if (sameCurve(ec.getParams(), curve.getKey())) {
                    return new KeySource.VerificationKey(key, Set.of(curve.getValue()),
                            "EC public key on " + CURVE_NAMES.get(curve.getKey()));
                }
            }
            throw new IllegalArgumentException(option + " is an EC key on a curve JWS does not use;"
                    + " give a key on P-256, P-384 or P-521 (ES256, ES384, ES512)");
        }
        throw new IllegalArgumentException(option + " is a " + key.getAlgorithm() + " public key; give an RSA or EC key");
    }

    private static boolean sameCurve(ECParameterSpec params, String name) {
        try {
            AlgorithmParameters named = AlgorithmParameters.getInstance("EC");
            named.init(new ECGenParameterSpec(name));
            ECParameterSpec spec = named.getParameterSpec(ECParameterSpec.class);
            return spec.getCurve().equals(params.getCurve()) && spec.getOrder().equals(params.getOrder())
                    && spec.getGenerator().equals(params.getGenerator());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
