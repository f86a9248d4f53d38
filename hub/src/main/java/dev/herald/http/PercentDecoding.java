package dev.herald.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Percent-decoding of URL components and form fields, the one way the hub does it (the URL
 * Standard's "percent-decode", with {@code +} as a space for forms). Callers choose their policy
 * for what this finds: a malformed escape ({@link #malformedEscape}) and bytes that are not UTF-8
 * ({@link #strictUtf8}) are reported, never silently repaired here.
 *
 * <p>Threading: stateless.
 */
public final class PercentDecoding {
    private PercentDecoding() {
    }

    /**
     * The bytes of {@code input[from, to)} with every {@code %XX} decoded, and {@code +} as a space
     * when {@code plusIsSpace} (forms); a {@code %} not followed by two hex digits stays as it is.
     */
    public static byte[] bytes(byte[] input, int from, int to, boolean plusIsSpace) {
        byte[] out = new byte[to - from];
        int length = 0;
        for (int i = from; i < to; i++) {
            byte b = input[i];
            if (b == '%' && i + 2 < to && hex(input[i + 1]) >= 0 && hex(input[i + 2]) >= 0) {
                out[length++] = (byte) (hex(input[i + 1]) << 4 | hex(input[i + 2]));
                i += 2;
            } else {
                out[length++] = plusIsSpace && b == '+' ? (byte) ' ' : b;
            }
        }
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    /** The index of the first {@code %} in {@code input[from, to)} not followed by two hex digits, or -1. */
    public static int malformedEscape(byte[] input, int from, int to) {
        for (int i = from; i < to; i++) {
            if (input[i] == '%') {
                if (i + 2 >= to || hex(input[i + 1]) < 0 || hex(input[i + 2]) < 0) {
                    return i;
                }
                i += 2;
            }
        }
        return -1;
    }

    /** {@code bytes} as UTF-8, or null when they are not UTF-8. */
    public static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
