package dev.herald.server;

import dev.herald.auth.InvalidTokenException;
import dev.herald.auth.TokenVerifier;
import dev.herald.core.Grants;
import dev.herald.metrics.HubMetrics;
import dev.herald.metrics.HubMetrics.AuthFailure;
import io.vertx.core.Future;

/**
 * Counts the tokens a verifier refuses, expired apart from the others, for every way a token
 * arrives (publish, subscribe, a WebSocket's authorize command).
 */
record MeteredTokenVerifier(TokenVerifier verifier, HubMetrics metrics) implements TokenVerifier {

    @Override
    public Future<Grants> verify(String token) {
        return verifier.verify(token).onFailure(refused -> metrics.authFailed(
                refused instanceof InvalidTokenException invalid && invalid.reason() == InvalidTokenException.Reason.EXPIRED
                        ? AuthFailure.EXPIRED : AuthFailure.INVALID));
    }
}
