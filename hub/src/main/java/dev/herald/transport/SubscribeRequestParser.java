package dev.herald.transport;

import dev.herald.auth.InvalidTokenException;
import dev.herald.auth.SubscriberAuth;
import dev.herald.config.SubscriberSettings;
import dev.herald.core.Grants;
import dev.herald.core.TopicSelector;
import dev.herald.http.ClientError;
import dev.herald.http.HeaderValues;
import dev.herald.subscription.SelectorBudget;
import dev.herald.subscription.SubscribeRequest;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a subscription from {@code GET /.well-known/mercure}, the same way for every transport:
 * topic selectors within their limits (count, length, and bytes per connection), the subscriber's
 * token, the last event id. Every refusal is
 * a {@link ClientError} with a reason the client can read.
 *
 * <p>Threading: immutable; safe from any event loop; every answer comes on the caller's context.
 */
public final class SubscribeRequestParser {
    private final SubscriberSettings limits;
    private final SubscriberAuth auth;

    public SubscribeRequestParser(SubscriberSettings limits, SubscriberAuth auth) {
        this.limits = limits;
        this.auth = auth;
    }

    /**
     * {@link #require} for a routed request: calls {@code then} with the subscription once its token
     * is verified (at once, unless a key has to be fetched first), or answers the 4xx. A client that
     * left while its token waited for a key is dropped.
     */
    public void accept(RoutingContext context, Consumer<SubscribeRequest> then) {
        require(context.request()).onComplete(result -> {
            if (context.response().closed()) {
                return;
            }
            if (result.succeeded()) {
                then.accept(result.result());
            } else if (result.cause() instanceof ClientError error) {
                error.reply(context);
            } else {
                context.fail(result.cause());
            }
        });
    }

    /**
     * A complete subscription (SSE, long-poll): at least one topic, and a token unless anonymous is
     * allowed. Fails with a {@link ClientError}.
     */
    public Future<SubscribeRequest> require(HttpServerRequest request) {
        if (request.params().getAll("topic").isEmpty()) {
            return Future.failedFuture(ClientError.badRequest("missing topic: add at least one topic query parameter"));
        }
        return read(request).compose(subscription -> subscription.grants() == null
                ? Future.failedFuture(ClientError.missingToken("missing token: this hub does not accept anonymous subscribers"))
                : Future.succeededFuture(subscription));
    }

    /**
     * What the request asks for, as far as it goes (a WebSocket upgrade): its topics may be none
     * yet, and its grants are null when it carries no token and the hub requires one. Fails with a
     * {@link ClientError}.
     */
    public Future<SubscribeRequest> read(HttpServerRequest request) {
        List<TopicSelector> selectors;
        try {
            selectors = selectors(request.params().getAll("topic"));
        } catch (ClientError error) {
            return Future.failedFuture(error);
        }
        String lastEventId = lastEventId(request);
        return grants(auth.token(request)).map(grants -> new SubscribeRequest(selectors, grants, lastEventId));
    }

    /** The {@code Last-Event-ID} header (UTF-8), else the {@code lastEventID} query parameter, else null. */
    private static String lastEventId(HttpServerRequest request) {
        String header = HeaderValues.fromUtf8(request.getHeader("Last-Event-ID"));
        return header != null ? header : request.getParam("lastEventID");
    }

    /** Compiles topic selectors, enforcing the count and length limits. */
    public List<TopicSelector> selectors(List<String> topics) throws ClientError {
        checkCount(topics.size());
        long bytes = 0;
        for (String topic : topics) {
            bytes += SelectorBudget.bytes(topic);
        }
        checkBytes(bytes);
        List<TopicSelector> selectors = new ArrayList<>(topics.size());
        for (String topic : topics) {
            if (topic.isEmpty()) {
                throw ClientError.badRequest("empty topic selector");
            }
            if (topic.length() > limits.maxSelectorLength()) {
                throw ClientError.badRequest("topic selector too long: " + topic.length() + " characters, at most "
                        + limits.maxSelectorLength() + " allowed");
            }
            try {
                selectors.add(TopicSelector.parse(topic));
            } catch (IllegalArgumentException e) {
                throw ClientError.badRequest(e.getMessage());
            }
        }
        return selectors;
    }

    /**
     * Refuses a connection whose selectors, all together (those of its URL and of later WebSocket
     * {@code subscribe} commands), are more than {@code max_topics_per_subscription} or weigh more
     * than {@code max_subscription_bytes}.
     */
    public void checkSubscription(Collection<TopicSelector> selectors) throws ClientError {
        checkCount(selectors.size());
        checkBytes(SelectorBudget.bytes(selectors));
    }

    private void checkCount(int count) throws ClientError {
        if (count > limits.maxTopics()) {
            throw ClientError.badRequest("too many topics: " + count + " given, at most "
                    + limits.maxTopics() + " allowed");
        }
    }

    private void checkBytes(long bytes) throws ClientError {
        if (bytes > limits.maxSubscriptionBytes()) {
            throw ClientError.badRequest("topic selectors too large: " + bytes + " bytes together, at most "
                    + limits.maxSubscriptionBytes() + " allowed");
        }
    }

    /**
     * The grants of {@code token}; anonymous grants when there is none and the hub allows it; null
     * when there is none and it does not. An unacceptable token fails the future with a 401
     * {@link ClientError}.
     */
    public Future<Grants> grants(String token) {
        return auth.grants(token).recover(refused -> Future.failedFuture(refused instanceof InvalidTokenException
                ? ClientError.unauthorized(refused.getMessage()) : refused));
    }
}
