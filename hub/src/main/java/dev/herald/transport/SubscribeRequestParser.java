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

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads a subscription from {@code GET /.well-known/mercure}, the same way for every transport:
 * topic selectors of both drafts ({@code topic}; {@code match}, {@code match_<type>}, see
 * {@link SubscribeQuery}) within their limits (count, length, and bytes per connection), the
 * subscriber's token, the last event id. Every refusal is
 * a {@link ClientError} with a reason the client can read.
 *
 * <p>Threading: immutable; safe from any event loop.
 */
public final class SubscribeRequestParser {
    /**
     * Draft-08's response field, sent when the request named a last event id: the id of the update
     * the replay starts after, or {@code earliest} when there is none (see {@code ReplayStart}).
     */
    public static final String MERCURE_LAST_EVENT_ID = "Mercure-Last-Event-ID";
    private final SubscriberSettings limits;
    private final SubscriberAuth auth;
    private final URI hubUrl;

    /** @param hubUrl the hub's public URL ({@code hub_url}), which relative URL patterns resolve against */
    public SubscribeRequestParser(SubscriberSettings limits, SubscriberAuth auth, URI hubUrl) {
        this.limits = limits;
        this.auth = auth;
        this.hubUrl = hubUrl;
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

    /**
     * A complete subscription (SSE, long-poll): at least one selector ({@code topic} or
     * {@code match*}), and a token unless anonymous is allowed.
     */
    public SubscribeRequest require(HttpServerRequest request) throws ClientError {
        SubscribeQuery query = SubscribeQuery.parse(request.query(), limits.maxTopics());
        if (query.selectors().isEmpty()) {
            throw ClientError.badRequest("missing topic: add at least one topic or match query parameter");
        }
        SubscribeRequest subscription = read(request, query);
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
        return read(request, SubscribeQuery.parse(request.query(), limits.maxTopics()));
    }

    private SubscribeRequest read(HttpServerRequest request, SubscribeQuery query) throws ClientError {
        List<TopicSelector> selectors = selectors(query.selectors());
        return new SubscribeRequest(selectors, grants(auth.token(request)), lastEventId(request, query));
    }

    /**
     * The {@code Last-Event-ID} header (UTF-8), else the query's {@code last_event_id}, else its
     * {@code lastEventID}, else null: draft-08's order, draft-07's parameter last.
     */
    private static String lastEventId(HttpServerRequest request, SubscribeQuery query) {
        String header = HeaderValues.fromUtf8(request.getHeader("Last-Event-ID"));
        return header != null ? header : query.lastEventId();
    }

    /**
     * Compiles selectors, enforcing the limits on all of them together (count, bytes) and on each
     * (length), and draft-08's value constraints on those given with a matcher type. A refusal
     * names the parameter or field the selector came from.
     */
    public List<TopicSelector> selectors(List<RequestedSelector> requested) throws ClientError {
        checkCount(requested.size());
        long bytes = 0;
        for (RequestedSelector selector : requested) {
            bytes += SelectorBudget.bytes(selector.text());
        }
        checkBytes(bytes);
        List<TopicSelector> selectors = new ArrayList<>(requested.size());
        for (RequestedSelector selector : requested) {
            selectors.add(compile(selector));
        }
        return selectors;
    }

    private TopicSelector compile(RequestedSelector requested) throws ClientError {
        String text = requested.text();
        String source = MatcherValues.quoted(requested.source());
        if (text.isEmpty()) {
            throw ClientError.badRequest("empty topic selector in " + source);
        }
        if (text.length() > limits.maxSelectorLength()) {
            throw ClientError.badRequest("topic selector too long in " + source + ": " + text.length()
                    + " characters, at most " + limits.maxSelectorLength() + " allowed");
        }
        if (requested.typed()) {
            MatcherValues.check(requested.source(), text);
        }
        try {
            return requested.typed() ? TopicSelector.of(requested.type(), text, hubUrl) : TopicSelector.parse(text);
        } catch (IllegalArgumentException e) {
            throw ClientError.badRequest("invalid " + source + ": " + e.getMessage());
        }
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
