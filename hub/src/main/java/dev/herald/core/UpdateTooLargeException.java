package dev.herald.core;

/**
 * A publish the history cannot hold: the update alone is larger than the whole history budget
 * ({@code history_max_bytes}). The publisher gets a 413; nothing was stored or delivered.
 */
public final class UpdateTooLargeException extends RuntimeException {

    public UpdateTooLargeException(long updateBytes, long maxBytes) {
        super("the update needs about " + updateBytes + " bytes of history, more than history_max_bytes ("
                + maxBytes + ")", null, false, false);
    }
}
