package dev.herald.auth;

import dev.herald.core.Grants;
import io.vertx.core.Future;

/**
 * Turns a bearer token into {@link Grants}, or refuses it with a reason fit for a 401 response.
 * One verifier exists per role (publisher, subscriber), each with its own keys.
 *
 * <p>The answer is a future because a key may have to be fetched first (a token naming a {@code kid}
 * its JWKS does not hold yet, see {@link JwksKeySet}); a refusal fails it with an
 * {@link InvalidTokenException}. A token whose key is at hand is answered at once, with a completed
 * future.
 *
 * <p>Threading: implementations are safe to call from any event loop, never block it, and complete
 * the future on the caller's context.
 */
public interface TokenVerifier {
    Future<Grants> verify(String token);

    /** A verifier against one key known from the start: CPU only, answered at once. */
    static TokenVerifier of(JwtTokenVerifier key) {
        return token -> {
            try {
                return Future.succeededFuture(key.verify(token));
            } catch (InvalidTokenException refused) {
                return Future.failedFuture(refused);
            }
        };
    }
}
