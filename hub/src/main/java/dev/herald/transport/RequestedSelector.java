package dev.herald.transport;

import dev.herald.core.MatcherType;

/**
 * A selector as a client wrote it, before it is compiled: where it came from (a query parameter or
 * a WebSocket command field, named in refusals), its matcher type, and its text.
 *
 * @param source where it was given, e.g. {@code match_urlpattern} or {@code topics}
 * @param type   the matcher type it names, or null for a draft-07 {@code topic}, whose type is
 *               guessed from its text
 * @param text   the selector's text
 */
public record RequestedSelector(String source, MatcherType type, String text) {

    /** A draft-07 selector ({@code topic}, or a WebSocket command's {@code topics}). */
    public static RequestedSelector draft07(String source, String text) {
        return new RequestedSelector(source, null, text);
    }

    /** Whether draft-08's value constraints apply to it (it was given with a matcher type). */
    boolean typed() {
        return type != null;
    }
}
