package dev.herald.publish;

import dev.herald.http.ClientError;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body strictly: a bad percent escape or bytes
 * that are not UTF-8 are refused with a reason instead of being silently replaced.
 */
final class FormDecoder {
    private FormDecoder() {
    }

    /** Field name to values, in body order. */
    static Map<String, List<String>> decode(byte[] body, int maxFields) throws ClientError {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int count = 0;
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start);
            if (end > start) {
                if (++count > maxFields) {
                    throw ClientError.badRequest("too many form fields: at most " + maxFields + " allowed");
                }
                int equals = indexOf(body, (byte) '=', start);
                int nameEnd = Math.min(equals, end);
                String name = component(body, start, nameEnd);
                String value = nameEnd < end ? component(body, nameEnd + 1, end) : "";
                fields.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
            }
            start = end + 1;
        }
        return fields;
    }

    private static int indexOf(byte[] body, byte wanted, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == wanted) {
                return i;
            }
        }
        return body.length;
    }

    private static String component(byte[] body, int from, int to) throws ClientError {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw ClientError.badRequest("malformed form body: incomplete percent escape");
                }
                int high = Character.digit(body[i + 1], 16);
                int low = Character.digit(body[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw ClientError.badRequest("malformed form body: bad percent escape");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ClientError.badRequest("malformed form body: fields must be UTF-8");
        }
    }
}
