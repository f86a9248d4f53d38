package dev.herald.core.urlpattern;

import java.nio.charset.StandardCharsets;

/**
 * The percent-encode sets of the WHATWG URL Standard, and UTF-8 percent-encoding with them. Each
 * set holds every non-ASCII code point (they are always encoded) plus the ASCII listed here.
 */
enum PercentEncoding {
    /** C0 controls and everything above U+007E. */
    C0_CONTROL(""),
    FRAGMENT(" \"<>`"),
    QUERY(" \"#<>"),
    SPECIAL_QUERY(" \"#<>'"),
    PATH(" \"#<>?^`{}"),
    USERINFO(" \"#<>?^`{}/:;=@[\\]|");

    private final boolean[] ascii = new boolean[128];

    PercentEncoding(String extra) {
        for (int c = 0; c < 0x20; c++) {
            ascii[c] = true;
        }
        ascii[0x7F] = true;
        extra.chars().forEach(c -> ascii[c] = true);
    }

    boolean contains(int codePoint) {
        return codePoint >= 128 || ascii[codePoint];
    }

    /** Appends {@code codePoint}, percent-encoding its UTF-8 bytes when this set holds it. */
    void append(StringBuilder out, int codePoint) {
        if (!contains(codePoint)) {
            out.append((char) codePoint);
            return;
        }
        // A lone surrogate is not a scalar value: UTF-8 encoding writes U+FFFD for it.
        int scalar = Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF ? 0xFFFD : codePoint;
        for (byte b : new String(Character.toChars(scalar)).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4 & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
    }

    String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> append(out, c));
        return out.toString();
    }

    /** Decodes %XX triplets into bytes, then the bytes as UTF-8 (bad sequences become U+FFFD). */
    static String decode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes.length];
        int length = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out[length++] = (byte) (hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
                i += 2;
            } else {
                out[length++] = bytes[i];
            }
        }
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return b < 128 ? Character.digit((char) b, 16) : -1;
    }
}
