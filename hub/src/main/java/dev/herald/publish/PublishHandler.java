package dev.herald.publish;

import dev.herald.auth.InvalidTokenException;
import dev.herald.auth.TokenExtractor;
import dev.herald.auth.TokenExtractor.FoundToken;
import dev.herald.auth.TokenVerifier;
import dev.herald.broker.Broker;
import dev.herald.config.PublishSettings;
import dev.herald.core.Grants;
import dev.herald.core.ReservedNamespace;
import dev.herald.core.UpdateDraft;
import dev.herald.core.UpdateTooLargeException;
import dev.herald.http.BoundedBody;
import dev.herald.http.ClientAddress;
import dev.herald.http.ClientError;
import dev.herald.http.Cors;
import dev.herald.http.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /.well-known/mercure}: checks the content type, the publisher's token, its rate (429
 * over {@code publish_rate_limit}) and grants (and, when the token came from the cookie, that the
 * request is no cross-site forgery), validates the form, and answers 200 with the event id only
 * once the broker's log has placed the update (and chosen its id when the publisher did not). A
 * topic in the hub's {@link ReservedNamespace} is a 403 for every publisher. A
 * refused publish has no effect: an update larger than the whole history budget is a 413, a broker
 * failure a 503, never a 200. A broker that timed out cannot say whether the update was stored
 * after all, and the 503 says so.
 */
public final class PublishHandler implements Handler<RoutingContext> {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Broker broker;
    private final TokenVerifier publisherVerifier;
    private final String cookieName;
    private final PublishSettings settings;
    private final RateLimiter limiter;
    private final Cors cors;
    private final ReservedNamespace reserved;

    /**
     * @param limiter  the publish rate limit, shared by every event loop
     * @param reserved the topics only the hub itself publishes to
     */
    public PublishHandler(Broker broker, TokenVerifier publisherVerifier, String cookieName, PublishSettings settings,
                          RateLimiter limiter, Cors cors, ReservedNamespace reserved) {
        this.broker = broker;
        this.publisherVerifier = publisherVerifier;
        this.cookieName = cookieName;
        this.settings = settings;
        this.limiter = limiter;
        this.cors = cors;
        this.reserved = reserved;
    }

    @Override
    public void handle(RoutingContext context) {
        BoundedBody.read(context, settings.maxBodySize(), body -> publish(context, body.getBytes()));
    }

    private void publish(RoutingContext context, byte[] body) {
        HttpServerResponse response = context.response();
        validate(context, body).onComplete(validated -> {
            if (response.closed()) {
                return; // the publisher left while its token waited for a key: nothing is published
            }
            if (validated.failed()) {
                ClientError.replyOrFail(context, validated.cause());
                return;
            }
            store(response, validated.result());
        });
    }

    private void store(HttpServerResponse response, UpdateDraft draft) {
        broker.publish(draft).onComplete(published -> {
            if (published.failed()) {
                if (published.cause() instanceof UpdateTooLargeException tooLarge) {
                    ClientError.send(response, 413, tooLarge.getMessage() + "; it was not published");
                } else if (published.cause() instanceof TimeoutException) {
                    // The store may still take it after the deadline: say so, and how to retry safely.
                    ClientError.send(response, 503, "the log did not confirm the update in time; it may not be"
                            + " published: retry, with an id of your own to recognise a copy");
                } else {
                    ClientError.send(response, 503, "the update could not be stored; it was not published");
                }
                return;
            }
            response.putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(published.result().update().id());
        });
    }

    /** The update to publish, once the request, its token and grants check out; else fails with a {@link ClientError}. */
    private Future<UpdateDraft> validate(RoutingContext context, byte[] body) {
        String token;
        try {
            token = token(context);
        } catch (ClientError error) {
            return Future.failedFuture(error);
        }
        return publisherVerifier.verify(token)
                .recover(refused -> Future.failedFuture(refused instanceof InvalidTokenException
                        ? ClientError.unauthorized(refused.getMessage()) : refused))
                .compose(grants -> {
                    try {
                        return Future.succeededFuture(authorized(context, body, grants));
                    } catch (ClientError error) {
                        return Future.failedFuture(error);
                    }
                });
    }

    /** The publisher's token, once the content type is right and a cookie token comes from an allowed origin. */
    private String token(RoutingContext context) throws ClientError {
        String contentType = context.request().getHeader("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(FORM)) {
            throw new ClientError(415, "Content-Type must be " + FORM);
        }
        FoundToken token = TokenExtractor.locate(context.request(), cookieName);
        if (token == null) {
            throw ClientError.missingToken("missing token: publishing needs a publisher JWT");
        }
        if (token.fromCookie()) {
            cors.checkCookieWrite(context.request());
        }
        return token.token();
    }

    /** The form as an update, within the publisher's rate and grants. */
    private UpdateDraft authorized(RoutingContext context, byte[] body, Grants grants) throws ClientError {
        checkRate(context, grants);
        UpdateDraft draft = PublishForm.parse(body, settings.maxTopics());
        for (String topic : draft.topics()) {
            if (reserved.contains(topic)) {
                throw ClientError.forbidden("topic " + topic + " is in the hub's reserved namespace (the path of its"
                        + " hub_url and below, whatever the host): only the hub publishes there");
            }
            if (!grants.mayPublishTo(List.of(topic))) {
                throw ClientError.insufficientScope("the token does not allow publishing to topic " + topic);
            }
        }
        return draft;
    }

    /**
     * One publisher, one bucket: the verified token's {@code sub} names it (wherever it publishes
     * from); without one, its address does. The two never share a bucket.
     */
    private void checkRate(RoutingContext context, Grants grants) throws ClientError {
        String identity = grants.subject() != null ? "sub:" + grants.subject() : "address:" + ClientAddress.of(context);
        long waitNanos = limiter.acquire(identity);
        if (waitNanos > 0) {
            long retryAfterSeconds = (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
            throw ClientError.tooManyRequests("too many publishes: at most " + settings.rateLimitPerSecond()
                    + " a second, " + settings.burst() + " at once, per publisher (publish_rate_limit, publish_burst);"
                    + " it was not published", retryAfterSeconds);
        }
    }
}
