package dev.herald.config;

import java.net.URI;
import java.util.List;

/**
 * How tokens are found and verified.
 *
 * @param publisherJwtKey  key for publisher tokens ({@code publisher_jwt_key})
 * @param subscriberJwtKey key for subscriber tokens, blank for none ({@code subscriber_jwt_key})
 * @param publisherJwksUrl  JWK Set of keys for publisher tokens, beside or instead of the key; null for none
 *                          ({@code publisher_jwks_url})
 * @param subscriberJwksUrl JWK Set of keys for subscriber tokens; null for none ({@code subscriber_jwks_url})
 * @param jwtAlgorithms    algorithm allow-list, empty for all that fit the key ({@code jwt_algorithms})
 * @param anonymous        subscribers without a token are accepted ({@code anonymous})
 * @param cookieName       the cookie that may carry a token ({@code cookie_name}); draft-08's
 *                         {@code __Secure-mercure_access_token} is read too
 * @param jwtAudience      the resource identifier every token's {@code aud} must name, null for none
 *                         ({@code jwt_audience}); draft-08 tokens must name {@code hub_url} when it is null
 * @param jwtIssuer        the {@code iss} every token must carry, null for any ({@code jwt_issuer})
 */
public record AuthSettings(String publisherJwtKey, String subscriberJwtKey, URI publisherJwksUrl,
                           URI subscriberJwksUrl, List<String> jwtAlgorithms, boolean anonymous, String cookieName,
                           String jwtAudience, String jwtIssuer) {
    public AuthSettings {
        jwtAlgorithms = List.copyOf(jwtAlgorithms);
    }

    /** The same settings with both keys replaced, as dev mode does. */
    public AuthSettings withKeys(String publisherKey, String subscriberKey) {
        return new AuthSettings(publisherKey, subscriberKey, publisherJwksUrl, subscriberJwksUrl, jwtAlgorithms, anonymous,
                cookieName, jwtAudience, jwtIssuer);
    }
}
