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
