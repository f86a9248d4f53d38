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
 * Tokens never reach it: the {@code authorization} query parameter's value is replaced, and no
 * header or cookie is logged.
 */
public final class AccessLog implements Handler<RoutingContext> {
    /** The logger the lines go to, so they can be routed apart from the rest. */
    public static final String LOGGER = "dev.herald.access";
    private static final Logger LOG = Logger.getLogger(LOGGER);
    /** The authorization parameter, however its name is cased or percent-encoded, up to the next parameter. */
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)((?:^|&)(?:a|%61)(?:u|%75)(?:t|%74)(?:h|%68)(?:o|%6f)(?:r|%72)(?:i|%69)(?:z|%7a)(?:a|%61)(?:t|%74)"
                    + "(?:i|%69)(?:o|%6f)(?:n|%6e)=)[^&]*");

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

    /** {@code path?query} with the value of every {@code authorization} parameter replaced. */
    static String redacted(String path, String query) {
        if (query == null) {
            return path;
        }
        return path + "?" + AUTHORIZATION.matcher(query).replaceAll("$1[redacted]");
    }
}
