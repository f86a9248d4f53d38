package dev.herald.auth;

import dev.herald.auth.InvalidTokenException.Reason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Base64;

/** The header of a compact JWS, read before its signature is checked: to choose a key or explain a refusal. */
final class JwtHeader {
    private JwtHeader() {
    }

    /** The header's JSON object; a token whose first part is none is malformed. */
    static JsonObject of(String token) throws InvalidTokenException {
        int end = token.indexOf('.');
        if (end <= 0) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        try {
            return new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token.substring(0, end))));
        } catch (RuntimeException e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
    }
}
