package dev.herald.loadtest.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints the HS256 publisher token a Mercure hub expects: {@code {"mercure":{"publish":["*"]}}}. */
public final class PublisherJwt {

    private PublisherJwt() {
    }

    public static String mint(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("HS256 keys must be at least 32 bytes (RFC 7518, section 3.2)");
        }
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString("{\"mercure\":{\"publish\":[\"*\"]}}".getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
