package dev.herald.auth;

import dev.herald.core.Grants;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who may subscribe: finds a subscriber's token and turns it into {@link Grants}, applying the
 * hub's anonymous policy.
 *
 * <p>Threading: immutable; safe from any event loop; answers on the caller's context.
 */
public final class SubscriberAuth {
    private final TokenVerifier verifier;
    private final boolean anonymous;
    private final String cookieName;

    /**
     * @param verifier   checks subscriber tokens; null when no subscriber key is configured
     * @param anonymous  subscribers without a token are accepted, for public updates only
     * @param cookieName the cookie that may carry a token
     */
    public SubscriberAuth(TokenVerifier verifier, boolean anonymous, String cookieName) {
        this.verifier = verifier;
        this.anonymous = anonymous;
        this.cookieName = cookieName;
    }

    /** The request's token (header, query, then cookie), or null. */
    public String token(HttpServerRequest request) {
        return TokenExtractor.find(request, cookieName);
    }

    /**
     * The grants of {@code token}; anonymous grants when there is no token and the hub allows
     * anonymous subscribers; null when there is no token and it does not. A refused token fails the
     * future with an {@link InvalidTokenException}.
     */
    public Future<Grants> grants(String token) {
        if (token == null) {
            return Future.succeededFuture(anonymous ? Grants.anonymous() : null);
        }
        if (verifier == null) {
            return Future.failedFuture(new InvalidTokenException(InvalidTokenException.Reason.NO_SUBSCRIBER_KEY));
        }
        return verifier.verify(token);
    }
}
