package dev.herald.auth;

import dev.herald.core.Grants;

/**
 * Turns a bearer token into {@link Grants}, or refuses it with a reason fit for a 401 response.
 * One verifier exists per role (publisher, subscriber), each with its own key.
 *
 * <p>Threading: implementations are immutable and safe to call from any event loop; verification
 * is CPU-only (keys are loaded at startup).
 */
public interface TokenVerifier {
    Grants verify(String token) throws InvalidTokenException;
}
