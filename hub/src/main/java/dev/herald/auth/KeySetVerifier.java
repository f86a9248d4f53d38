package dev.herald.auth;

import dev.herald.auth.InvalidTokenException.Reason;
import dev.herald.core.Grants;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;


/**
 * Verifies a token with the key its {@code kid} names in a {@link JwksKeySet}, or with the static key
 * configured beside it:
 * <ul>
 *   <li>a {@code kid} the set holds: that key, with the algorithms it allows (so the token's
 *       {@code alg} must fit it: no HMAC against an RSA key);</li>
 *   <li>a {@code kid} the set does not hold: the set is fetched again (rate-limited, time-bounded)
 *       and the token waits for it; then that key if it came, else the static key if there is
 *       one, else a refusal;</li>
 *   <li>no {@code kid}: the static key if there is one, else a refusal.</li>
 * </ul>
 * A token never supplies its key: {@code jwk}, {@code jku}, {@code x5u} and {@code x5c} headers are
 * never read.
 *
 * <p>Threading: safe from any event loop; the future completes on the caller's context, and the
 * signature is checked there too.
 */
public final class KeySetVerifier implements TokenVerifier {
    private final JwksKeySet keys;
    private final JwtTokenVerifier staticKey;

    /** @param staticKey the configured key of the same role, or null */
    public KeySetVerifier(JwksKeySet keys, JwtTokenVerifier staticKey) {
        this.keys = keys;
        this.staticKey = staticKey;
    }

    @Override
    public Future<Grants> verify(String token) {
        String kid;
        try {
            kid = kid(token);
        } catch (InvalidTokenException malformed) {
            return Future.failedFuture(malformed);
        }
        if (kid == null) {
            return verifyWith(staticKey, token, Reason.NO_KEY_ID);
        }
        JwtTokenVerifier key = keys.key(kid);
        if (key != null) {
            return verifyWith(key, token, null);
        }
        Context caller = Vertx.currentContext();
        Promise<Grants> answer = Promise.promise();
        keys.refreshFor(kid).onComplete(ignored -> {
            if (caller == null) {
                answer.handle(afterRefresh(kid, token));
            } else {
                caller.runOnContext(back -> answer.handle(afterRefresh(kid, token)));
            }
        });
        return answer.future();
    }

    private Future<Grants> afterRefresh(String kid, String token) {
        JwtTokenVerifier key = keys.key(kid);
        if (key != null) {
            return verifyWith(key, token, null);
        }
        return verifyWith(staticKey, token, keys.fetched() ? Reason.UNKNOWN_KEY : Reason.KEYS_UNAVAILABLE);
    }

    private static Future<Grants> verifyWith(JwtTokenVerifier key, String token, Reason withoutKey) {
        if (key == null) {
            return Future.failedFuture(new InvalidTokenException(withoutKey));
        }
        try {
            return Future.succeededFuture(key.verify(token));
        } catch (InvalidTokenException refused) {
            return Future.failedFuture(refused);
        }
    }

    /** The {@code kid} of the token's header, or null; the signature is checked later, with the key it names. */
    private static String kid(String token) throws InvalidTokenException {
        Object kid = JwtHeader.of(token).getValue("kid");
        if (kid != null && !(kid instanceof String)) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        return (String) kid;
    }
}
