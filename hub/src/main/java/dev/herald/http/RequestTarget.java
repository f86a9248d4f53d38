package dev.herald.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.Set;

/**
 * The first check of every request's target:
 * <ul>
 *   <li>its path must be one of the hub's paths spelled exactly. The router would also serve
 *       {@code //.well-known/mercure}, {@code /.well-known/mercure/} or
 *       {@code /x/%2e%2e/.well-known/mercure}; a proxy rule or access list written for the one
 *       spelling would not see those, so they get 404. Below the one tree path (the subscriptions
 *       API), any path whose segments are neither empty nor dot segments, encoded or not;</li>
 *   <li>only a subscription ({@code GET} on the subscribe path) may have a request line longer than
 *       {@link RequestLine#MAX_BYTES}; others get 414. {@link ExchangeWatch} refuses most of them
 *       while they arrive; this catches the ones sent pipelined behind another request.</li>
 * </ul>
 */
public final class RequestTarget implements Handler<RoutingContext> {
    private final Set<String> paths;
    private final String subscribePath;
    private final String treePath;

    public RequestTarget(Set<String> paths, String subscribePath) {
        this(paths, subscribePath, null);
    }

    /** @param treePath a path whose subpaths are allowed too, or null for none */
    public RequestTarget(Set<String> paths, String subscribePath, String treePath) {
        this.paths = Set.copyOf(paths);
        this.subscribePath = subscribePath;
        this.treePath = treePath;
    }

    private boolean allowed(String path) {
        if (path == null) {
            return false;
        }
        if (paths.contains(path)) {
            return true;
        }
        if (treePath == null || !path.startsWith(treePath + "/")) {
            return false;
        }
        for (String segment : path.substring(treePath.length() + 1).split("/", -1)) {
            String lower = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (lower.isEmpty() || lower.equals(".") || lower.equals("..")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (!allowed(path)) {
            ClientError.send(context.response(), 404, "not found: paths are matched as spelled, without"
                    + " doubled or trailing slashes or dot segments");
            return;
        }
        boolean subscription = request.method() == HttpMethod.GET && path.equals(subscribePath);
        int lineBytes = request.method().name().length() + 1 + request.uri().length() + " HTTP/1.1".length();
        if (!subscription && lineBytes > RequestLine.MAX_BYTES) {
            context.response().putHeader("Connection", "close");
            ClientError.send(context.response(), 414, RequestLine.tooLong());
            return;
        }
        context.next();
    }
}
