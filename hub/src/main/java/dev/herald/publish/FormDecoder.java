package dev.herald.publish;

import dev.herald.http.ClientError;
import dev.herald.http.PercentDecoding;

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
        int malformed = PercentDecoding.malformedEscape(body, from, to);
        if (malformed >= 0) {
            throw ClientError.badRequest(malformed + 2 >= to ? "malformed form body: incomplete percent escape"
                    : "malformed form body: bad percent escape");
        }
        String decoded = PercentDecoding.strictUtf8(PercentDecoding.bytes(body, from, to, true));
        if (decoded == null) {
            throw ClientError.badRequest("malformed form body: fields must be UTF-8");
        }
        return decoded;
    }
}
