package dev.herald.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mints draft-08 access tokens: header {@code typ: at+jwt}, {@code aud} the test hub's resource
 * identifier (its default {@code hub_url}), an {@code exp} an hour away, and an
 * {@code authorization_details} claim of {@code mercure} details.
 */
public final class AccessTokens {
    /** The default hub_url, which draft-08 tokens name in aud when jwt_audience is not set. */
    public static final String AUDIENCE = "https://localhost/.well-known/mercure";

    private final Tokens tokens;

    public AccessTokens(Tokens tokens) {
        this.tokens = tokens;
    }

    /** An exact matcher without {@code match_type}. */
    public static Map<String, Object> match(String match) {
        return Map.of("match", match);
    }

    /** A matcher of the named type. */
    public static Map<String, Object> match(String match, String matchType) {
        return Map.of("match", match, "match_type", matchType);
    }

    /** A {@code mercure} detail; {@code payload} may be null. */
    public static Map<String, Object> detail(List<?> actions, List<?> topics, Object payload) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", "mercure");
        detail.put("actions", actions);
        detail.put("topics", topics);
        if (payload != null) {
            detail.put("payload", payload);
        }
        return detail;
    }

    /** The claims of a valid draft-08 token carrying {@code authorizationDetails} as given. */
    public static Map<String, Object> claims(Object authorizationDetails) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", AUDIENCE);
        claims.put("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
        claims.put("authorization_details", authorizationDetails);
        return claims;
    }

    /** A valid draft-08 token with these details. */
    public String token(Object authorizationDetails) {
        return tokens.typed("at+jwt", claims(authorizationDetails));
    }

    /** A token with exactly these claims and {@code typ: at+jwt}. */
    public String withClaims(Map<String, ?> claims) {
        return tokens.typed("at+jwt", claims);
    }

    /** May publish to these exact topics. */
    public String publisher(String... topics) {
        return token(List.of(detail(List.of("publish"), matchers(topics), null)));
    }

    /** May receive private updates of these exact topics. */
    public String subscriber(String... topics) {
        return token(List.of(detail(List.of("subscribe"), matchers(topics), null)));
    }

    private static List<Map<String, Object>> matchers(String... topics) {
        return java.util.Arrays.stream(topics).map(AccessTokens::match).toList();
    }
}
