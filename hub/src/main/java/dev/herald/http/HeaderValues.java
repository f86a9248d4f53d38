package dev.herald.http;

import java.nio.charset.StandardCharsets;

/** Header values beyond ASCII, such as event ids that are IRIs. */
public final class HeaderValues {
    private HeaderValues() {
    }

    /**
     * The value as its UTF-8 bytes, one char per byte: Netty writes each char of a header as one
     * byte, so this sends UTF-8 on the wire instead of truncating characters above U+00FF.
     */
    public static String utf8(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
