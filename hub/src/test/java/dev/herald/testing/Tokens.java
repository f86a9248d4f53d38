package dev.herald.testing;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.SecureDigestAlgorithm;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mints JWTs the way publishers and subscribers would: signed with one key and algorithm, carrying a
 * {@code mercure} claim. Also mints the tokens a hub must refuse (wrong key, {@code alg: none},
 * expired).
 */
public final class Tokens {
    /** A secret no test hub is configured with. */
    public static final String WRONG_KEY = "not-the-hub-key-not-the-hub-key-not-the-hub-key!";

    private final Key key;
    private final SecureDigestAlgorithm<Key, ?> algorithm;

    @SuppressWarnings("unchecked")
    private Tokens(Key key, SecureDigestAlgorithm<? extends Key, ?> algorithm) {
        this.key = key;
        this.algorithm = (SecureDigestAlgorithm<Key, ?>) algorithm;
    }

    /** HS256 with {@code secret} as UTF-8 bytes (at least 32 of them). */
    public static Tokens hmac(String secret) {
        return hmac(secret, Jwts.SIG.HS256);
    }

    public static Tokens hmac(String secret, MacAlgorithm algorithm) {
        return new Tokens(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), algorithm);
    }

    /** RS*, PS* or ES* with a private key. */
    public static Tokens signedWith(PrivateKey key, SecureDigestAlgorithm<PrivateKey, ?> algorithm) {
        return new Tokens(key, algorithm);
    }

    /** Tokens signed with a key the hub does not know. */
    public static Tokens wrongKey() {
        return hmac(WRONG_KEY);
    }

    /** May publish to topics matched by {@code selectors} ({@code mercure.publish}). */
    public String publisher(String... selectors) {
        return mercure(Map.of("publish", List.of(selectors)));
    }

    /** May receive private updates of topics matched by {@code selectors} ({@code mercure.subscribe}). */
    public String subscriber(String... selectors) {
        return mercure(Map.of("subscribe", List.of(selectors)));
    }

    /** A subscriber token with a payload and an expiry (either may be null). */
    public String subscriber(List<String> selectors, Object payload, Instant expiresAt) {
        Map<String, Object> mercure = new LinkedHashMap<>();
        mercure.put("subscribe", selectors);
        if (payload != null) {
            mercure.put("payload", payload);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("mercure", mercure);
        if (expiresAt != null) {
            claims.put("exp", expiresAt.getEpochSecond());
        }
        return claims(claims);
    }

    /** A publisher token whose {@code exp} passed a minute ago. */
    public String expiredPublisher(String... selectors) {
        return claims(Map.of("mercure", Map.of("publish", List.of(selectors)),
                "exp", Instant.now().minus(Duration.ofMinutes(1)).getEpochSecond()));
    }

    /** A subscriber token whose {@code exp} passed a minute ago. */
    public String expiredSubscriber(String... selectors) {
        return claims(Map.of("mercure", Map.of("subscribe", List.of(selectors)),
                "exp", Instant.now().minus(Duration.ofMinutes(1)).getEpochSecond()));
    }

    /** A token whose {@code mercure} claim is exactly {@code mercureClaim}. */
    public String mercure(Object mercureClaim) {
        return claims(Map.of("mercure", mercureClaim));
    }

    /** A token with exactly these claims ({@code exp} and {@code nbf} as epoch seconds). */
    public String claims(Map<String, ?> claims) {
        return builder(claims).signWith(key, algorithm).compact();
    }

    /** A token whose header {@code typ} is {@code type} (none when null), with exactly these claims. */
    public String typed(String type, Map<String, ?> claims) {
        JwtBuilder builder = builder(claims);
        if (type != null) {
            builder.header().type(type);
        }
        return builder.signWith(key, algorithm).compact();
    }

    /** An unsecured JWT ({@code alg: none}, empty signature) with these claims. */
    public static String unsigned(Map<String, ?> claims) {
        return builder(claims).compact();
    }

    /**
     * A JWS assembled by hand: for tokens JJWT refuses to produce, such as HS512 with a key shorter
     * than 512 bits. {@code javaMac} is e.g. {@code HmacSHA512}.
     */
    public static String handSigned(String headerJson, String payloadJson, String javaMac, byte[] secret) {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance(javaMac);
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, javaMac));
            return signingInput + "." + base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtBuilder builder(Map<String, ?> claims) {
        JwtBuilder builder = Jwts.builder();
        for (Map.Entry<String, ?> claim : claims.entrySet()) {
            Object value = claim.getValue();
            if ((claim.getKey().equals("exp") || claim.getKey().equals("nbf")) && value instanceof Number seconds) {
                value = new Date(seconds.longValue() * 1000);
            }
            builder.claim(claim.getKey(), value);
        }
        return builder;
    }
}
