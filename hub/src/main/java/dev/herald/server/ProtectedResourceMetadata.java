package dev.herald.server;

import dev.herald.core.MatcherType;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;

/**
 * The hub's OAuth 2.0 Protected Resource Metadata (RFC 9728), as draft-08's discovery section
 * describes it: served at {@code /.well-known/oauth-protected-resource} followed by the path of
 * {@code hub_url} (RFC 9728 section 3.1), and named by the {@code resource_metadata} parameter of
 * every Bearer challenge. Draft-07 clients never ask for it.
 */
final class ProtectedResourceMetadata implements Handler<RoutingContext> {
    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final String body;

    /** @param resource the resource identifier tokens name in {@code aud} ({@code jwt_audience}, else {@code hub_url}) */
    ProtectedResourceMetadata(String resource) {
        JsonArray matcherTypes = new JsonArray();
        for (MatcherType type : MatcherType.values()) {
            matcherTypes.add(type.wireName());
        }
        this.body = new JsonObject()
                .put("resource", resource)
                .put("authorization_details_types_supported", new JsonArray().add("mercure"))
                // draft-08's access_token query parameter is refused, and draft-07's authorization
                // parameter is no RFC 6750 method: the header is the only one to advertise.
                .put("bearer_methods_supported", new JsonArray().add("header"))
                .put("mercure_cookie", true)
                .put("mercure_matcher_types_supported", matcherTypes)
                .put("mercure_subscriptions", true)
                .encodePrettily();
    }

    /** The path this document is served at, on this hub's listener. */
    static String path(URI hubUrl) {
        String hubPath = hubUrl.getRawPath();
        return hubPath.equals("/") ? WELL_KNOWN : WELL_KNOWN + hubPath;
    }

    /** Its absolute URL, for the {@code resource_metadata} challenge parameter. */
    static String url(URI hubUrl) {
        return hubUrl.getScheme() + "://" + hubUrl.getRawAuthority() + path(hubUrl);
    }

    @Override
    public void handle(RoutingContext context) {
        context.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "max-age=3600")
                .end(body);
    }
}
