package dev.herald.publish;

import dev.herald.auth.Grants;
import dev.herald.auth.InvalidTokenException;
import dev.herald.auth.TokenExtractor;
import dev.herald.core.Update;
import dev.herald.http.BoundedBody;
import dev.herald.http.ClientError;
import dev.herald.server.HubServices;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;

/**
 * {@code POST /.well-known/mercure}: checks the content type, the publisher's token and grants,
 * validates the form, and answers 200 with the event id only once the broker has the update in
 * its log. A refused publish has no effect; a broker failure is a 503, never a 200.
 */
public final class PublishHandler implements Handler<RoutingContext> {
    private static final String FORM = "application/x-www-form-urlencoded";

    private final HubServices services;

    public PublishHandler(HubServices services) {
        this.services = services;
    }

    @Override
    public void handle(RoutingContext context) {
        BoundedBody.read(context, services.config().maxBodySize(), body -> publish(context, body.getBytes()));
    }

    private void publish(RoutingContext context, byte[] body) {
        HttpServerResponse response = context.response();
        Update draft;
        try {
            draft = validate(context, body);
        } catch (ClientError error) {
            error.reply(response);
            return;
        }
        services.broker().publish(draft).onComplete(published -> {
            if (published.failed()) {
                ClientError.send(response, 503, "the update could not be stored; it was not published");
                return;
            }
            response.putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(published.result().update().id());
        });
    }

    private Update validate(RoutingContext context, byte[] body) throws ClientError {
        String contentType = context.request().getHeader("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(FORM)) {
            throw new ClientError(415, "Content-Type must be " + FORM);
        }
        String token = TokenExtractor.find(context.request(), services.config().cookieName());
        if (token == null) {
            throw ClientError.unauthorized("missing token: publishing needs a publisher JWT");
        }
        Grants grants;
        try {
            grants = services.publisherVerifier().verify(token);
        } catch (InvalidTokenException e) {
            throw ClientError.unauthorized(e.getMessage());
        }
        Update draft = PublishForm.parse(body);
        for (String topic : draft.topics()) {
            if (!grants.mayPublishTo(List.of(topic))) {
                throw ClientError.forbidden("the token does not allow publishing to topic " + topic);
            }
        }
        return draft;
    }
}
