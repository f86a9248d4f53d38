package dev.herald.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Decodes the query string once, up front: a malformed percent escape becomes a 400 here instead of
 * an exception (and a 500) wherever a handler first reads a parameter.
 */
public final class QueryCheck implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext context) {
        try {
            context.request().params();
        } catch (IllegalArgumentException e) {
            ClientError.badRequest("malformed query string: " + e.getMessage()).reply(context);
            return;
        }
        context.next();
    }
}
