package dev.herald.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the hub logs about requests it refuses or fails: every refused authentication or
 * authorization and every request over a rate limit (logger {@value #REFUSALS}) and every 5xx it
 * sends (logger {@value #SERVER_ERRORS}), each with the client's address ({@link ClientAddress}:
 * behind a trusted proxy, the client the proxy names) and the path. Never a token, the query
 * string (which may carry one) or anything of a token's contents: a reason is one of the hub's
 * fixed texts. Each logger writes at most {@value #MAX_LINES_PER_SECOND} lines a second and counts the rest.
 *
 * <p>Threading: safe from any event loop.
 */
public final class SecurityLog {
    public static final String REFUSALS = "dev.herald.security";
    public static final String SERVER_ERRORS = "dev.herald.errors";
    public static final int MAX_LINES_PER_SECOND = 20;
    private static final int MAX_TEXT_LENGTH = 200;

    private static final RateLimitedLog REFUSED = new RateLimitedLog(Logger.getLogger(REFUSALS),
            MAX_LINES_PER_SECOND, System::nanoTime);
    private static final RateLimitedLog FAILED = new RateLimitedLog(Logger.getLogger(SERVER_ERRORS),
            MAX_LINES_PER_SECOND, System::nanoTime);

    private SecurityLog() {
    }

    /**
     * A refused token, a request its token does not allow or a client over a rate limit ({@code reason}
     * is the hub's own text); {@code client} as {@link ClientAddress} resolved it.
     */
    public static void refused(int status, String reason, String client, String path) {
        REFUSED.log(Level.WARNING, status + " " + printable(reason) + " for " + printable(path) + " from "
                + printable(client), null);
    }

    /** A route handler, first on every route, that logs each 5xx response when its head is written. */
    public static Handler<RoutingContext> serverErrors() {
        return context -> {
            context.addHeadersEndHandler(ignored -> {
                int status = context.response().getStatusCode();
                if (status >= 500) {
                    HttpServerRequest request = context.request();
                    FAILED.log(status == 503 ? Level.WARNING : Level.SEVERE, status + " for " + request.method() + " "
                            + printable(request.path()) + " from " + ClientAddress.of(context), context.failure());
                }
            });
            context.next();
        };
    }

    /** Text as a log can carry it: bounded, control characters replaced (no forged log lines). */
    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        String bounded = text.length() > MAX_TEXT_LENGTH ? text.substring(0, MAX_TEXT_LENGTH) + "..." : text;
        StringBuilder out = new StringBuilder(bounded.length());
        bounded.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
