package dev.herald.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin access for browsers: the configured origins may subscribe and publish, with
 * credentials (the authorization cookie). {@code *} allows any origin; the request's origin is
 * echoed back because browsers refuse a literal {@code *} together with credentials. The opaque
 * origin {@code null} (sandboxed frames, {@code data:} and {@code file:} pages) is never allowed.
 */
public final class Cors implements Handler<RoutingContext> {
    private static final String OPAQUE = "null";

    private final Set<String> origins;
    private final boolean anyOrigin;

    public Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
        this.anyOrigin = origins.contains("*");
    }

    /**
     * Browsers apply no CORS to WebSocket upgrades but do send cookies, so a foreign page could
     * subscribe with the user's authorization cookie (cross-site WebSocket hijacking). An upgrade
     * carrying an {@code Origin} is accepted only from an allowed origin or the hub's own.
     */
    public boolean allowsWebSocket(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        return origin == null || allowsOrigin(request, origin);
    }

    /**
     * Cross-site request forgery: a browser attaches the authorization cookie to a form posted from
     * any site, so a write authenticated by the cookie is accepted only when the browser names an
     * allowed origin (or the hub's own) in {@code Origin}, or, when it sends no Origin, in
     * {@code Referer}. A request with neither is refused: it cannot be told apart from a forgery.
     */
    public void checkCookieWrite(HttpServerRequest request) throws ClientError {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            origin = refererOrigin(request.getHeader("Referer"));
        }
        if (origin == null) {
            throw ClientError.forbidden("cross-site request refused: a request authenticated by cookie needs an"
                    + " Origin or Referer header naming an allowed origin (cors_origins), or the token in the"
                    + " Authorization header");
        }
        if (!allowsOrigin(request, origin)) {
            throw ClientError.forbidden("cross-site request refused: the origin of a request authenticated by"
                    + " cookie must be listed in cors_origins or be the hub's own");
        }
    }

    /** An allowed origin or the hub's own (the origin's host and port are the request's Host). */
    private boolean allowsOrigin(HttpServerRequest request, String origin) {
        if (listed(origin)) {
            return true;
        }
        if (origin.equals(OPAQUE)) {
            return false;
        }
        String host = request.getHeader("Host");
        int scheme = origin.indexOf("://");
        return host != null && scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    /** Listed in {@code cors_origins} (or any origin but the opaque one, with {@code *}). */
    private boolean listed(String origin) {
        return origin != null && !origin.equals(OPAQUE) && (anyOrigin || origins.contains(origin));
    }

    /** The origin ({@code scheme://host[:port]}, default port left out) of a Referer URL, or null. */
    private static String refererOrigin(String referer) {
        if (referer == null) {
            return null;
        }
        try {
            URI uri = new URI(referer);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (port == 80 && scheme.equalsIgnoreCase("http"))
                    || (port == 443 && scheme.equalsIgnoreCase("https"));
            return scheme.toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader("Origin");
        boolean allowed = listed(origin);
        if (allowed) {
            context.response()
                    .putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Allow-Credentials", "true")
                    // Mercure-Last-Event-ID is draft-08's resume anchor; a fetch-based client reads it.
                    .putHeader("Access-Control-Expose-Headers", "Last-Event-ID, Mercure-Last-Event-ID")
                    .putHeader("Vary", "Origin");
        }
        boolean preflight = request.method() == HttpMethod.OPTIONS && request.getHeader("Access-Control-Request-Method") != null;
        if (!preflight) {
            context.next();
            return;
        }
        if (!allowed) {
            ClientError.send(context.response(), 403, "origin not allowed: set cors_origins to include it");
            return;
        }
        context.response()
                .putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID, Cache-Control")
                .putHeader("Access-Control-Max-Age", "600")
                .setStatusCode(204)
                .end();
    }
}
