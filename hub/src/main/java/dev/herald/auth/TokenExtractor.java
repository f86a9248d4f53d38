package dev.herald.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;

/**
 * Finds the token of a request, in Mercure's order of precedence: the {@code Authorization: Bearer}
 * header, then draft-07's {@code authorization} query parameter, then a cookie: {@code cookie_name}
 * (draft-07's {@code mercureAuthorization} by default), then draft-08's
 * {@link #DRAFT_08_COOKIE}. The first one present is used and the others ignored. Draft-08's
 * {@code access_token} query parameter is refused before this runs ({@code http.AccessTokenQuery}).
 */
public final class TokenExtractor {
    private static final String BEARER = "bearer ";
    /** The cookie name draft-08 recommends; the {@code __Secure-} prefix keeps it off plain HTTP. */
    public static final String DRAFT_08_COOKIE = "__Secure-mercure_access_token";

    /**
     * A request's token and whether it came from the cookie: a browser sends the cookie on
     * cross-site requests too, so a cookie proves nothing about which page sent the request.
     */
    public record FoundToken(String token, boolean fromCookie) {
    }

    private TokenExtractor() {
    }

    /** The token, or null when the request carries none. */
    public static String find(HttpServerRequest request, String cookieName) {
        FoundToken found = locate(request, cookieName);
        return found == null ? null : found.token();
    }

    /** The token and where it came from, or null when the request carries none. */
    public static FoundToken locate(HttpServerRequest request, String cookieName) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = header.substring(BEARER.length()).trim();
            if (!token.isEmpty()) {
                return new FoundToken(token, false);
            }
        }
        String query = request.getParam("authorization");
        if (query != null && !query.isBlank()) {
            return new FoundToken(query.trim(), false);
        }
        for (String name : new String[] {cookieName, DRAFT_08_COOKIE}) {
            Cookie cookie = request.getCookie(name);
            if (cookie != null && !cookie.getValue().isBlank()) {
                return new FoundToken(cookie.getValue().trim(), true);
            }
        }
        return null;
    }
}
