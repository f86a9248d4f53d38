package dev.herald.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * {@code access_log}: one line per request, written when its response ends (for an event stream,
 * when the stream ends): client address ({@link ClientAddress}), method, path and query, status,
 * bytes sent, duration.
 * Tokens never reach it: the {@code authorization} and {@code access_token} query parameters' values are replaced, and no
 * header or cookie is logged.
 */
public final class AccessLog implements Handler<RoutingContext> {
    /** The logger the lines go to, so they can be routed apart from the rest. */
    public static final String LOGGER = "dev.herald.access";
    private static final Logger LOG = Logger.getLogger(LOGGER);
    /**
     * The parameters that carry tokens (draft-07's {@code authorization}, draft-08's refused
     * {@code access_token}), however their names are cased or percent-encoded, up to the next parameter.
     */
    private static final Pattern TOKEN_PARAMETERS = Pattern.compile(
            "(?i)((?:^|&)(?:" + spelledAnyWay("authorization") + "|" + spelledAnyWay("access_token") + ")=)[^&]*");

    /** A name as a pattern matching each of its characters literally or percent-encoded. */
    private static String spelledAnyWay(String name) {
        StringBuilder pattern = new StringBuilder();
        for (char c : name.toCharArray()) {
            pattern.append("(?:").append(c).append("|%").append(String.format("%02x", (int) c)).append(')');
        }
        return pattern.toString();
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        long started = System.nanoTime();
        String client = ClientAddress.of(context);
        String target = redacted(request.path(), request.query());
        String method = request.method().name();
        HttpServerResponse response = context.response();
        response.endHandler(ended -> LOG.info(client + " \"" + method + " " + target + "\" " + response.getStatusCode()
                + " " + response.bytesWritten() + " " + (System.nanoTime() - started) / 1_000_000 + "ms"));
        context.next();
    }

    /** {@code path?query} with the value of every token parameter replaced. */
    static String redacted(String path, String query) {
        if (query == null) {
            return path;
        }
        return path + "?" + TOKEN_PARAMETERS.matcher(query).replaceAll("$1[redacted]");
    }
}
