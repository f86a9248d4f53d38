package dev.herald.transport;

import dev.herald.auth.Grants;
import dev.herald.auth.InvalidTokenException;
import dev.herald.auth.TokenExtractor;
import dev.herald.auth.TokenVerifier;
import dev.herald.config.HeraldConfig;
import dev.herald.core.TopicSelector;
import dev.herald.http.ClientError;
import dev.herald.server.HubServices;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A subscription as asked for on {@code /.well-known/mercure}, validated and authenticated; the same
 * for every transport.
 *
 * @param lastEventId the {@code Last-Event-ID} header, else the {@code lastEventID} query parameter, else null
 */
public record SubscribeRequest(List<TopicSelector> selectors, Grants grants, String lastEventId) {

    /** Parses a request, or answers it with its 4xx and returns empty. */
    public static Optional<SubscribeRequest> accept(RoutingContext context, HubServices services) {
        try {
            return Optional.of(parse(context.request(), services.config(), services.subscriberVerifier()));
        } catch (ClientError error) {
            error.reply(context.response());
            return Optional.empty();
        }
    }

    /** Parses and checks a request, or throws the 4xx to answer with. */
    public static SubscribeRequest parse(HttpServerRequest request, HeraldConfig config, TokenVerifier verifier)
            throws ClientError {
        List<String> topics = request.params().getAll("topic");
        if (topics.isEmpty()) {
            throw ClientError.badRequest("missing topic: add at least one topic query parameter");
        }
        List<TopicSelector> selectors = selectors(topics, config);
        Grants grants = grants(TokenExtractor.find(request, config.cookieName()), config, verifier);
        if (grants == null) {
            throw ClientError.unauthorized("missing token: this hub does not accept anonymous subscribers");
        }
        return new SubscribeRequest(selectors, grants, lastEventId(request));
    }

    /** The {@code Last-Event-ID} header, else the {@code lastEventID} query parameter, else null. */
    public static String lastEventId(HttpServerRequest request) {
        String header = request.getHeader("Last-Event-ID");
        return header != null ? header : request.getParam("lastEventID");
    }

    /** Compiles topic selectors, enforcing the count and length limits. */
    public static List<TopicSelector> selectors(List<String> topics, HeraldConfig config) throws ClientError {
        if (topics.size() > config.maxTopicsPerSubscription()) {
            throw ClientError.badRequest("too many topics: " + topics.size() + " given, at most "
                    + config.maxTopicsPerSubscription() + " allowed");
        }
        List<TopicSelector> selectors = new ArrayList<>(topics.size());
        for (String topic : topics) {
            if (topic.isEmpty()) {
                throw ClientError.badRequest("empty topic selector");
            }
            if (topic.length() > config.maxSelectorLength()) {
                throw ClientError.badRequest("topic selector too long: " + topic.length() + " characters, at most "
                        + config.maxSelectorLength() + " allowed");
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
     * The grants of a subscriber's token; anonymous grants when there is no token and the hub
     * allows anonymous subscribers; null when there is no token and it does not.
     */
    public static Grants grants(String token, HeraldConfig config, TokenVerifier verifier) throws ClientError {
        if (token == null) {
            return config.anonymous() ? Grants.anonymous() : null;
        }
        if (verifier == null) {
            throw ClientError.unauthorized("this hub verifies no subscriber tokens (no subscriber_jwt_key configured)");
        }
        try {
            return verifier.verify(token);
        } catch (InvalidTokenException e) {
            throw ClientError.unauthorized(e.getMessage());
        }
    }
}
