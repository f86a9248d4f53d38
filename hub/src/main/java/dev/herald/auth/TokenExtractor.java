package dev.herald.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;

/**
 * Finds the token of a request, in Mercure's order of precedence: the {@code Authorization: Bearer}
 * header, then the {@code authorization} query parameter, then the authorization cookie.
 */
public final class TokenExtractor {
    private static final String BEARER = "bearer ";

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
        Cookie cookie = request.getCookie(cookieName);
        if (cookie != null && !cookie.getValue().isBlank()) {
            return new FoundToken(cookie.getValue().trim(), true);
        }
        return null;
    }
}
