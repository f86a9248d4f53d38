package dev.herald.auth;

/** A token was missing, malformed, badly signed, expired or otherwise unacceptable; the message says which. */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
