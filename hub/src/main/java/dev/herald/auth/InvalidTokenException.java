package dev.herald.auth;

/**
 * A token was refused. The message is one fixed text per {@link Reason}: it never repeats anything
 * of the token (claims, header values), which an attacker chose and which could carry line breaks or
 * markup into a response or a log.
 */
public final class InvalidTokenException extends Exception {
    /** Why a token was refused, as a client may be told. */
    public enum Reason {
        MALFORMED("invalid token: malformed"),
        ALGORITHM_NOT_ALLOWED("invalid token: algorithm not allowed"),
        BAD_SIGNATURE("invalid token: signature does not verify"),
        EXPIRED("invalid token: expired"),
        NOT_YET_VALID("invalid token: not valid yet (nbf)"),
        MALFORMED_CLAIM("invalid token: malformed mercure claim (publish and subscribe must be arrays of topic selectors)"),
        MALFORMED_AUTHORIZATION_DETAILS("invalid token: malformed authorization_details (a mercure detail needs"
                + " non-empty actions, an array of strings, and non-empty topics, an array of {match, match_type} objects;"
                + " payload, when given, is an object)"),
        UNSUPPORTED_MATCH_TYPE("invalid token: authorization_details names a match_type this hub does not support"
                + " (exact, urlpattern, uritemplate)"),
        INVALID_MATCH("invalid token: a match in authorization_details is not valid for its match_type"),
        AUTHORIZATION_DETAILS_TOO_LARGE("invalid token: authorization_details over this hub's limits (at most "
                + AuthorizationClaims.MAX_DETAILS + " mercure details, " + AuthorizationClaims.MAX_TOPICS_PER_DETAIL
                + " topics each, matches of " + AuthorizationClaims.MAX_MATCH_LENGTH + " characters)"),
        NOT_AN_ACCESS_TOKEN("invalid token: a token with authorization_details must have the header typ at+jwt"),
        NO_EXPIRY("invalid token: a token with authorization_details must have exp"),
        WRONG_AUDIENCE("invalid token: aud does not name this hub's resource identifier"),
        WRONG_ISSUER("invalid token: iss is not the issuer this hub trusts"),
        NO_SUBSCRIBER_KEY("invalid token: this hub verifies no subscriber tokens (no subscriber_jwt_key configured)"),
        NO_KEY_ID("invalid token: no kid in its header; this hub takes its keys from a JWK Set, so a token must name its key"),
        UNKNOWN_KEY("invalid token: its kid names no usable key of the hub's JWK Set"),
        KEYS_UNAVAILABLE("invalid token: the hub could not fetch its JWK Set yet (the JWKS endpoint is unreachable); retry later");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason) {
        super(reason.text(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
