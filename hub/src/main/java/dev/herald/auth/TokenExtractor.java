package dev.herald.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;

/**
 * Finds the token of a request, in Mercure's order of precedence: the {@code Authorization: Bearer}
 * header, then the {@code authorization} query parameter, then the authorization cookie.
 */
public final class TokenExtractor {
    private static final String BEARER = "bearer ";

    private TokenExtractor() {
    }

    /** The token, or null when the request carries none. */
    public static String find(HttpServerRequest request, String cookieName) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = header.substring(BEARER.length()).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        String query = request.getParam("authorization");
        if (query != null && !query.isBlank()) {
            return query.trim();
        }
        Cookie cookie = request.getCookie(cookieName);
        if (cookie != null && !cookie.getValue().isBlank()) {
            return cookie.getValue().trim();
        }
        return null;
    }
}
