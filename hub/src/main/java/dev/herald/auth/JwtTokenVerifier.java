package dev.herald.auth;

import dev.herald.auth.InvalidTokenException.Reason;
import dev.herald.core.Grants;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.KeyException;
import io.jsonwebtoken.security.SecurityException;

import java.security.Key;
import java.util.Set;

/**
 * Verifies signed JWTs (JWS) with JJWT against one key and an explicit algorithm allow-list.
 * Unsigned tokens ({@code alg: none}) and encrypted tokens are refused; {@code exp} and {@code nbf}
 * are enforced, then {@link TokenRules}; {@link AuthorizationClaims} reads the grants. Keys come from
 * the hub's configuration only: the {@code jwk}, {@code jku} and {@code x5u} headers a token may
 * carry are never used (the key locator ignores them). A refusal says only which
 * {@link InvalidTokenException.Reason} applies.
 */
public final class JwtTokenVerifier {
    private final JwtParser parser;
    private final Set<String> allowed;
    private final TokenRules rules;
    private final AuthorizationClaims authorization;

    public JwtTokenVerifier(Key key, Set<String> allowedAlgorithms) {
        this(key, allowedAlgorithms, TokenRules.DEFAULT);
    }

    public JwtTokenVerifier(Key key, Set<String> allowedAlgorithms, TokenRules rules) {
        this.rules = rules;
        this.authorization = new AuthorizationClaims(rules.hubUrl());
        this.allowed = Set.copyOf(allowedAlgorithms);
        this.parser = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(ProtectedHeader header) {
                        if (!allowed.contains(header.getAlgorithm())) {
                            throw new AlgorithmNotAllowed();
                        }
                        return key;
                    }
                })
                .build();
    }

    public Grants verify(String token) throws InvalidTokenException {
        Jws<Claims> jws;
        try {
            jws = parser.parseSignedClaims(token);
        } catch (ExpiredJwtException e) {
            throw new InvalidTokenException(Reason.EXPIRED);
        } catch (PrematureJwtException e) {
            throw new InvalidTokenException(Reason.NOT_YET_VALID);
        } catch (AlgorithmNotAllowed | KeyException e) {
            throw new InvalidTokenException(Reason.ALGORITHM_NOT_ALLOWED);
        } catch (SecurityException | UnsupportedJwtException e) {
            // JJWT reports an unknown algorithm as a bad signature, and alg none, an encrypted token
            // or a payload that is no claims set as unsupported: the header tells them apart.
            if (!algorithmAllowed(token)) {
                throw new InvalidTokenException(Reason.ALGORITHM_NOT_ALLOWED);
            }
            throw new InvalidTokenException(e instanceof SecurityException ? Reason.BAD_SIGNATURE : Reason.MALFORMED);
        } catch (RuntimeException e) {
            // Whatever else the parser makes of hostile bytes is a malformed token, never a 500.
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        rules.check(jws.getHeader().getType(), jws.getPayload());
        return authorization.grants(jws.getPayload());
    }

    /** Whether the token's header names an allowed algorithm; read only to explain a refusal. */
    private boolean algorithmAllowed(String token) {
        try {
            return allowed.contains(JwtHeader.of(token).getValue("alg"));
        } catch (InvalidTokenException malformed) {
            return false;
        }
    }

    /** The token's algorithm is outside the allow-list; thrown from the key locator, caught in {@link #verify}. */
    private static final class AlgorithmNotAllowed extends SecurityException {
        AlgorithmNotAllowed() {
            super("algorithm not allowed");
        }
    }
}
