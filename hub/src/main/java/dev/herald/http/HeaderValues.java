package dev.herald.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Header values beyond ASCII, such as event ids that are IRIs. Netty reads and writes each byte of a
 * header as one char (ISO-8859-1); browsers send and expect UTF-8 (an EventSource's
 * {@code Last-Event-ID} is the UTF-8 of the last id it saw).
 */
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

    /**
     * The inverse of {@link #utf8}: a header as Netty read it (one char per byte) decoded as UTF-8.
     * Bytes that are not UTF-8 are left as they were read.
     */
    public static String fromUtf8(String header) {
        if (header == null || header.chars().allMatch(c -> c < 0x80)) {
            return header;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException notUtf8) {
            return header;
        }
    }
}
