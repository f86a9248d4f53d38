package dev.herald.auth;

import dev.herald.core.Grants;
import dev.herald.core.TopicSelector;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.SecurityException;

import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies signed JWTs (JWS) with JJWT against one key and an explicit algorithm allow-list.
 * Unsigned tokens ({@code alg: none}) and encrypted tokens are refused; {@code exp} and {@code nbf}
 * are enforced.
 */
public final class JwtTokenVerifier implements TokenVerifier {
    private final JwtParser parser;

    public JwtTokenVerifier(Key key, Set<String> allowedAlgorithms) {
        Set<String> allowed = Set.copyOf(allowedAlgorithms);
        this.parser = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(ProtectedHeader header) {
                        if (!allowed.contains(header.getAlgorithm())) {
                            throw new SecurityException("algorithm " + header.getAlgorithm() + " is not allowed");
                        }
                        return key;
                    }
                })
                .build();
    }

    @Override
    public Grants verify(String token) throws InvalidTokenException {
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
        } catch (ExpiredJwtException e) {
            throw new InvalidTokenException("token expired");
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidTokenException("invalid token: " + e.getMessage());
        }
        Object mercure = claims.get("mercure");
        if (mercure != null && !(mercure instanceof Map)) {
            throw new InvalidTokenException("invalid token: the mercure claim must be an object");
        }
        Map<?, ?> grants = mercure == null ? Map.of() : (Map<?, ?>) mercure;
        return new Grants(
                selectors(grants.get("publish"), "publish"),
                selectors(grants.get("subscribe"), "subscribe"),
                grants.get("payload"),
                claims.getExpiration() == null ? null : claims.getExpiration().toInstant());
    }

    private static List<TopicSelector> selectors(Object claim, String name) throws InvalidTokenException {
        if (claim == null) {
            return List.of();
        }
        if (!(claim instanceof List<?> list)) {
            throw new InvalidTokenException("invalid token: mercure." + name + " must be an array of strings");
        }
        List<TopicSelector> selectors = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new InvalidTokenException("invalid token: mercure." + name + " must be an array of strings");
            }
            try {
                selectors.add(TopicSelector.parse(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidTokenException("invalid token: mercure." + name + ": " + e.getMessage());
            }
        }
        return selectors;
    }
}
