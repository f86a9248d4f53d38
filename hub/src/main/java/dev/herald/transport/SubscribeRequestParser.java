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
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads a subscription from {@code GET /.well-known/mercure}, the same way for every transport:
 * topic selectors within their limits (count, length, and bytes per connection), the subscriber's
 * token, the last event id. Every refusal is
 * a {@link ClientError} with a reason the client can read.
 *
 * <p>Threading: immutable; safe from any event loop.
 */
public final class SubscribeRequestParser {
    private final SubscriberSettings limits;
    private final SubscriberAuth auth;

    public SubscribeRequestParser(SubscriberSettings limits, SubscriberAuth auth) {
        this.limits = limits;
        this.auth = auth;
    }

    /** {@link #require} for a routed request: the subscription, or empty once the 4xx was answered. */
    public Optional<SubscribeRequest> accept(RoutingContext context) {
        try {
            return Optional.of(require(context.request()));
        } catch (ClientError error) {
            error.reply(context);
            return Optional.empty();
        }
    }

    /** A complete subscription (SSE, long-poll): at least one topic, and a token unless anonymous is allowed. */
    public SubscribeRequest require(HttpServerRequest request) throws ClientError {
        if (request.params().getAll("topic").isEmpty()) {
            throw ClientError.badRequest("missing topic: add at least one topic query parameter");
        }
        SubscribeRequest subscription = read(request);
        if (subscription.grants() == null) {
            throw ClientError.missingToken("missing token: this hub does not accept anonymous subscribers");
        }
        return subscription;
    }

    /**
     * What the request asks for, as far as it goes (a WebSocket upgrade): its topics may be none
     * yet, and its grants are null when it carries no token and the hub requires one.
     */
    public SubscribeRequest read(HttpServerRequest request) throws ClientError {
        List<TopicSelector> selectors = selectors(request.params().getAll("topic"));
        return new SubscribeRequest(selectors, grants(auth.token(request)), lastEventId(request));
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
     * when there is none and it does not. An unacceptable token is a 401.
     */
    public Grants grants(String token) throws ClientError {
        try {
            return auth.grants(token);
        } catch (InvalidTokenException e) {
            throw ClientError.unauthorized(e.getMessage());
        }
    }
}
