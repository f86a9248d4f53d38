package dev.herald.transport;

import dev.herald.auth.Grants;
import dev.herald.auth.InvalidTokenException;
import dev.herald.auth.TokenExtractor;
import dev.herald.auth.TokenVerifier;
import dev.herald.config.HeraldConfig;
import dev.herald.core.TopicSelector;
import dev.herald.http.ClientError;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * A subscription as asked for on {@code /.well-known/mercure}, validated and authenticated; the same
 * for every transport.
 *
 * @param lastEventId the {@code Last-Event-ID} header, else the {@code lastEventID} query parameter, else null
 */
public record SubscribeRequest(List<TopicSelector> selectors, Grants grants, String lastEventId) {

    /** Parses and checks a request, or throws the 4xx to answer with. */
    public static SubscribeRequest parse(HttpServerRequest request, HeraldConfig config, TokenVerifier verifier)
            throws ClientError {
        List<String> topics = request.params().getAll("topic");
        if (topics.isEmpty()) {
            throw ClientError.badRequest("missing topic: add at least one topic query parameter");
        }
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
        String lastEventId = request.getHeader("Last-Event-ID");
        if (lastEventId == null) {
            lastEventId = request.getParam("lastEventID");
        }
        return new SubscribeRequest(selectors, authenticate(request, config, verifier), lastEventId);
    }

    private static Grants authenticate(HttpServerRequest request, HeraldConfig config, TokenVerifier verifier)
            throws ClientError {
        String token = TokenExtractor.find(request, config.cookieName());
        if (token == null) {
            if (config.anonymous()) {
                return Grants.anonymous();
            }
            throw ClientError.unauthorized("missing token: this hub does not accept anonymous subscribers");
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
