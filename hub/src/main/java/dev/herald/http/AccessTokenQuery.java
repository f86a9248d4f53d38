package dev.herald.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses draft-08's {@code access_token} query parameter (RFC 6750 section 2.3), which draft-08
 * lets a hub leave out: a token in a URL ends up in browser history and access logs. The refusal is
 * a 400 with the {@code invalid_request} challenge, so the client learns where to put the token
 * instead of being taken for anonymous. Beside an {@code Authorization} header the parameter is
 * ignored instead: draft-08 (Presenting the Access Token) has the header's token used and the
 * parameter ignored then. Draft-07's {@code authorization} parameter still works. Runs after
 * {@link QueryCheck}.
 */
public final class AccessTokenQuery implements Handler<RoutingContext> {
    static final String PARAMETER = "access_token";

    @Override
    public void handle(RoutingContext context) {
        if (context.request().params().contains(PARAMETER) && context.request().getHeader("Authorization") == null) {
            ClientError.invalidRequest("the access_token query parameter is not accepted: send the token in an"
                    + " Authorization: Bearer header, or in the __Secure-mercure_access_token cookie from a browser")
                    .reply(context);
            return;
        }
        context.next();
    }
}
