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

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a subscription from {@code GET /.well-known/mercure}, the same way for every transport:
 * topic selectors of both drafts ({@code topic}; {@code match}, {@code match_<type>}, see
 * {@link SubscribeQuery}) within their limits (count, length, and bytes per connection), the
 * subscriber's token, the last event id. Every refusal is
 * a {@link ClientError} with a reason the client can read.
 *
 * <p>Threading: immutable; safe from any event loop; every answer comes on the caller's context.
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
            } else {
                ClientError.replyOrFail(context, result.cause());
            }
        });
    }

    /**
     * A complete subscription (SSE, long-poll): at least one selector ({@code topic} or
     * {@code match*}), and a token unless anonymous is allowed. Fails with a {@link ClientError}.
     */
    public Future<SubscribeRequest> require(HttpServerRequest request) {
        SubscribeQuery query;
        try {
            query = SubscribeQuery.parse(request.query(), limits.maxTopics());
        } catch (ClientError error) {
            return Future.failedFuture(error);
        }
        if (query.selectors().isEmpty()) {
            return Future.failedFuture(ClientError.badRequest("missing topic: add at least one topic or match query parameter"));
        }
        return read(request, query).compose(subscription -> subscription.grants() == null
                ? Future.failedFuture(ClientError.missingToken("missing token: this hub does not accept anonymous subscribers"))
                : Future.succeededFuture(subscription));
    }

    /**
     * What the request asks for, as far as it goes (a WebSocket upgrade): its topics may be none
     * yet, and its grants are null when it carries no token and the hub requires one. Fails with a
     * {@link ClientError}.
     */
    public Future<SubscribeRequest> read(HttpServerRequest request) {
        try {
            return read(request, SubscribeQuery.parse(request.query(), limits.maxTopics()));
        } catch (ClientError error) {
            return Future.failedFuture(error);
        }
    }

    private Future<SubscribeRequest> read(HttpServerRequest request, SubscribeQuery query) {
        List<TopicSelector> selectors;
        try {
            selectors = selectors(query.selectors());
        } catch (ClientError error) {
            return Future.failedFuture(error);
        }
        String lastEventId = lastEventId(request, query);
        return grants(auth.token(request)).map(grants -> new SubscribeRequest(selectors, grants, lastEventId));
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
     * when there is none and it does not. An unacceptable token fails the future with a 401
     * {@link ClientError}.
     */
    public Future<Grants> grants(String token) {
        return auth.grants(token).recover(refused -> Future.failedFuture(refused instanceof InvalidTokenException
                ? ClientError.unauthorized(refused.getMessage()) : refused));
    }
}
