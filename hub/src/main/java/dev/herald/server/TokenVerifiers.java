package dev.herald.server;

import dev.herald.auth.CachingTokenVerifier;
import dev.herald.auth.JwksKeySet;
import dev.herald.auth.JwtTokenVerifier;
import dev.herald.auth.KeySetVerifier;
import dev.herald.auth.KeySource;
import dev.herald.auth.TokenRules;
import dev.herald.auth.TokenVerifier;
import dev.herald.config.AuthSettings;
import dev.herald.config.ConfigException;
import dev.herald.metrics.HubMetrics;
import io.vertx.core.Vertx;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Builds one role's token verifier from its options: a static key ({@code *_jwt_key}), a JWK Set
 * ({@code *_jwks_url}), or both. With both, a token whose {@code kid} the set holds is verified with
 * that key and any other token with the static key (see {@link KeySetVerifier}), so an issuer can
 * move from a shared key to a JWKS, or keep an HMAC key for its backend beside a JWKS for its users.
 * Verified tokens are cached; the cache is emptied whenever the fetched set changes, so a key
 * withdrawn from the set stops admitting its tokens at the next fetch.
 */
final class TokenVerifiers {
    // The startup log of the hub's keys, with the rest of what HeraldServer reports at start.
    private static final Logger LOG = Logger.getLogger(HeraldServer.class.getName());
    private static final Set<String> PUBLIC_KEY_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512");

    /** A role's verifier, metered, and its key set when it has one (else null). */
    record Role(TokenVerifier verifier, JwksKeySet keySet) {
    }

    private TokenVerifiers() {
    }

    /**
     * @param role    {@code publisher} or {@code subscriber}
     * @param keyText the static key, blank for none
     * @param jwksUrl the JWK Set, null for none
     */
    static Role build(Vertx vertx, String role, String keyText, URI jwksUrl, AuthSettings auth, TokenRules rules,
                      HubMetrics metrics) {
        String keyOption = role + "_jwt_key";
        String jwksOption = role + "_jwks_url";
        boolean anySet = auth.publisherJwksUrl() != null || auth.subscriberJwksUrl() != null;
        JwtTokenVerifier staticKey = keyText.isBlank() ? null : staticKey(keyOption, keyText, anySet, auth, rules);
        CachingTokenVerifier cached;
        JwksKeySet keySet = null;
        if (jwksUrl == null) {
            cached = new CachingTokenVerifier(TokenVerifier.of(staticKey), Clock.systemUTC());
        } else {
            List<String> allowList = auth.jwtAlgorithms();
            if (!allowList.isEmpty() && allowList.stream().noneMatch(PUBLIC_KEY_ALGORITHMS::contains)) {
                throw new ConfigException("jwt_algorithms (" + String.join(",", allowList) + ") allows no algorithm"
                        + " a key of " + jwksOption + " can use; add RS256, ES256 or the like");
            }
            AtomicReference<CachingTokenVerifier> cache = new AtomicReference<>();
            keySet = new JwksKeySet(vertx, jwksOption, jwksUrl, allowList, ok -> metrics.jwksFetched(role, ok),
                    () -> cache.get().clear(), rules);
            cached = new CachingTokenVerifier(new KeySetVerifier(keySet, staticKey), Clock.systemUTC());
            cache.set(cached);
            LOG.info(jwksOption + ": keys from " + jwksUrl + (staticKey == null ? ""
                    : "; tokens naming no key of it are verified with " + keyOption));
        }
        return new Role(new MeteredTokenVerifier(cached, metrics), keySet);
    }

    /**
     * The static key with its algorithms. Without JWK Sets, every algorithm of {@code jwt_algorithms}
     * must fit it; when the hub has a set, the list also serves the set's keys, so the static key
     * takes those that fit it (at least one).
     */
    private static JwtTokenVerifier staticKey(String option, String keyText, boolean besideJwks, AuthSettings auth,
                                              TokenRules rules) {
        try {
            KeySource.VerificationKey key = KeySource.read(option, keyText);
            Set<String> algorithms;
            if (besideJwks && !auth.jwtAlgorithms().isEmpty()) {
                algorithms = new TreeSet<>(auth.jwtAlgorithms());
                algorithms.retainAll(key.algorithms());
                if (algorithms.isEmpty()) {
                    throw new IllegalArgumentException("jwt_algorithms lists no algorithm that fits " + option
                            + " (an " + key.description() + "; it accepts "
                            + String.join(", ", new TreeSet<>(key.algorithms())) + ")");
                }
            } else {
                algorithms = KeySource.allowedAlgorithms(option, key, auth.jwtAlgorithms());
            }
            LOG.info(option + ": " + key.description() + ", algorithms " + String.join(", ", new TreeSet<>(algorithms)));
            return new JwtTokenVerifier(key.key(), algorithms, rules);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
