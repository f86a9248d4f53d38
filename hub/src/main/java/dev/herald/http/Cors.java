package dev.herald.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * Cross-origin access for browsers: the configured origins may subscribe and publish, with
 * credentials (the authorization cookie). {@code *} allows any origin; the request's origin is
 * echoed back because browsers refuse a literal {@code *} together with credentials.
 */
public final class Cors implements Handler<RoutingContext> {
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
        if (origin == null || anyOrigin || origins.contains(origin)) {
            return true;
        }
        String host = request.getHeader("Host");
        int scheme = origin.indexOf("://");
        return host != null && scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader("Origin");
        boolean allowed = origin != null && (anyOrigin || origins.contains(origin));
        if (allowed) {
            context.response()
                    .putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Allow-Credentials", "true")
                    .putHeader("Access-Control-Expose-Headers", "Last-Event-ID")
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
