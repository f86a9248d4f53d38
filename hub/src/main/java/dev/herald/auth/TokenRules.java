package dev.herald.auth;

import dev.herald.auth.InvalidTokenException.Reason;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The header and claim checks a token meets once its signature verified (JJWT has already
 * enforced {@code exp} and {@code nbf} when present). A token that carries
 * {@code authorization_details} is a draft-08 access token and is held to RFC 9068 as draft-08
 * profiles it: header {@code typ} {@code at+jwt}, an {@code exp}, and this hub's resource
 * identifier in {@code aud}. A draft-07 token (only the {@code mercure} claim) is checked as draft-07
 * hubs check it, unless the operator set {@code jwt_audience} or {@code jwt_issuer}: those apply to
 * every token.
 *
 * @param hubUrl   the hub's public URL ({@code hub_url}): the base of URL patterns in grants, and the
 *                 resource identifier when {@code audience} is null
 * @param audience the resource identifier every token's {@code aud} must name ({@code jwt_audience}), or null
 * @param issuer   the {@code iss} every token must carry ({@code jwt_issuer}), or null
 */
public record TokenRules(URI hubUrl, String audience, String issuer) {
    /** Draft-07 behaviour: no audience or issuer required of draft-07 tokens, the default {@code hub_url}. */
    public static final TokenRules DEFAULT = new TokenRules(URI.create("https://localhost/.well-known/mercure"), null, null);

    private static final String ACCESS_TOKEN_TYPE = "at+jwt";
    private static final String MEDIA_TYPE_PREFIX = "application/";

    /** The identifier draft-08 tokens must name in {@code aud}, and the metadata's {@code resource}. */
    public String resource() {
        return audience != null ? audience : hubUrl.toString();
    }

    /**
     * @param type   the header's {@code typ}, or null
     * @param claims the verified claims
     */
    public void check(String type, Map<String, ?> claims) throws InvalidTokenException {
        boolean draft08 = claims.containsKey("authorization_details");
        if (draft08) {
            if (!isAccessTokenType(type)) {
                throw new InvalidTokenException(Reason.NOT_AN_ACCESS_TOKEN);
            }
            if (claims.get("exp") == null) {
                throw new InvalidTokenException(Reason.NO_EXPIRY);
            }
        }
        if ((draft08 || audience != null) && !names(claims.get("aud"), resource())) {
            throw new InvalidTokenException(Reason.WRONG_AUDIENCE);
        }
        if (issuer != null && !issuer.equals(claims.get("iss"))) {
            throw new InvalidTokenException(Reason.WRONG_ISSUER);
        }
    }

    /** RFC 9068 section 4 (and RFC 7515 section 4.1.9): {@code at+jwt}, the {@code application/} prefix optional, any case. */
    static boolean isAccessTokenType(String type) {
        if (type == null) {
            return false;
        }
        String name = type.toLowerCase(Locale.ROOT);
        if (name.startsWith(MEDIA_TYPE_PREFIX)) {
            name = name.substring(MEDIA_TYPE_PREFIX.length());
        }
        return name.equals(ACCESS_TOKEN_TYPE);
    }

    /** RFC 7519 section 4.1.3: {@code aud} is one string or an array of strings. */
    private static boolean names(Object aud, String resource) {
        if (aud instanceof String single) {
            return single.equals(resource);
        }
        return aud instanceof Collection<?> many && many.contains(resource);
    }
}
