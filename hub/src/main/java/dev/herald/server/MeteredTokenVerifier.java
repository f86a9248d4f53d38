package dev.herald.server;

import dev.herald.auth.InvalidTokenException;
import dev.herald.auth.TokenVerifier;
import dev.herald.core.Grants;
import dev.herald.metrics.HubMetrics;
import dev.herald.metrics.HubMetrics.AuthFailure;

/**
 * Counts the tokens a verifier refuses, expired apart from the others, for every way a token
 * arrives (publish, subscribe, a WebSocket's authorize command).
 */
record MeteredTokenVerifier(TokenVerifier verifier, HubMetrics metrics) implements TokenVerifier {

    @Override
    public Grants verify(String token) throws InvalidTokenException {
        try {
            return verifier.verify(token);
        } catch (InvalidTokenException refused) {
            metrics.authFailed(refused.reason() == InvalidTokenException.Reason.EXPIRED
                    ? AuthFailure.EXPIRED : AuthFailure.INVALID);
            throw refused;
        }
    }
}
