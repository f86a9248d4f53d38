package dev.herald.transport;

import dev.herald.http.ClientError;

/**
 * Draft-08's constraints on a topic matcher's value: valid UTF-8, and no C0 or C1 control, no DEL,
 * no Unicode format character (category {@code Cf}: bidirectional and zero-width controls), which
 * are invisible and let one identifier pass for another. Draft-07's {@code topic} is left as it was.
 */
public final class MatcherValues {
    private MatcherValues() {
    }

    /** The refusal of a value whose bytes are not UTF-8 (checked where bytes are decoded). */
    static ClientError notUtf8(String source) {
        return ClientError.badRequest("the value of " + quoted(source) + " is not valid UTF-8");
    }

    /** Refuses {@code value} with a 400 naming {@code source} when it holds a character it may not. */
    static void check(String source, String value) throws ClientError {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (loneSurrogate(codePoint)) {
                throw ClientError.badRequest("the value of " + quoted(source) + " is not valid Unicode: a lone surrogate at character " + i);
            }
            if (forbidden(codePoint)) {
                throw ClientError.badRequest("the value of " + quoted(source) + " contains " + String.format("U+%04X", codePoint)
                        + " at character " + i + ": matchers may not hold control or format characters");
            }
            i += Character.charCount(codePoint);
        }
    }

    /** A code point of a surrogate half: {@code codePoints()} yields one only when it is unpaired. */
    private static boolean loneSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }

    private static boolean forbidden(int codePoint) {
        return codePoint <= 0x1F || (codePoint >= 0x7F && codePoint <= 0x9F)
                || Character.getType(codePoint) == Character.FORMAT;
    }

    /** {@code text} in quotes for a refusal, at most 200 characters, with those a reader could not see escaped. */
    public static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        text.codePoints().limit(200).forEach(codePoint -> {
            if (forbidden(codePoint) || loneSurrogate(codePoint)) {
                out.append(String.format("\\u%04X", codePoint));
            } else {
                out.appendCodePoint(codePoint);
            }
        });
        if (text.codePointCount(0, text.length()) > 200) {
            out.append('\u2026');
        }
        return out.append('\'').toString();
    }
}
