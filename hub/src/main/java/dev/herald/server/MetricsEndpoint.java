package dev.herald.server;

import dev.herald.http.ClientError;
import dev.herald.metrics.HubMetrics;
import dev.herald.metrics.HubMetrics.AuthFailure;
import dev.herald.metrics.MetricsRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics} for Prometheus, and the two observers that count what handlers answer
 * (publish outcomes, refused credentials) from the response status, so no handler carries metrics code.
 */
final class MetricsEndpoint {
    static final String PATH = "/metrics";
    private static final String BEARER = "Bearer ";

    private MetricsEndpoint() {
    }

    /** The scrape; with a token configured, only a request that carries it gets one (else 401). */
    static Handler<RoutingContext> scrape(MetricsRegistry registry, String token) {
        return context -> {
            if (authorized(context, token, "a scrape of /metrics")) {
                context.response().putHeader("Content-Type", MetricsRegistry.CONTENT_TYPE).end(registry.scrape());
            }
        };
    }

    /**
     * True when no token is configured or the request carries it as a bearer token; else answers
     * 401 (naming {@code what} needs it) and returns false.
     */
    static boolean authorized(RoutingContext context, String token, String what) {
        if (token.isEmpty()) {
            return true;
        }
        byte[] expected = (BEARER + token).getBytes(StandardCharsets.UTF_8);
        String given = context.request().getHeader("Authorization");
        // Constant time: how much of a guess matched must not show in the answer's timing.
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        context.response().putHeader("WWW-Authenticate", "Bearer");
        ClientError.send(context.response(), 401, what + " needs the metrics token");
        return false;
    }

    /** Counts each publish's outcome when its answer's head is written, whichever handler wrote it. */
    static Handler<RoutingContext> publishOutcomes(HubMetrics metrics) {
        return context -> {
            HttpServerResponse response = context.response();
            context.addHeadersEndHandler(ignored -> metrics.publishAnswered(response.getStatusCode()));
            context.next();
        };
    }

    /**
     * Counts the refusals for a missing token or missing grants, told apart by their RFC 6750
     * challenge; a token that fails to verify is counted by {@link MeteredTokenVerifier}.
     */
    static Handler<RoutingContext> authRefusals(HubMetrics metrics) {
        return context -> {
            HttpServerResponse response = context.response();
            context.addHeadersEndHandler(ignored -> {
                String challenge = response.headers().get("WWW-Authenticate");
                // A missing token's challenge has no error code (it may name the metadata document).
                if (response.getStatusCode() == 401 && challenge != null && challenge.startsWith("Bearer")
                        && !challenge.contains("error=")) {
                    metrics.authFailed(AuthFailure.MISSING);
                } else if (response.getStatusCode() == 403 && challenge != null
                        && challenge.contains("insufficient_scope")) {
                    metrics.authFailed(AuthFailure.FORBIDDEN);
                }
            });
            context.next();
        };
    }
}
