package dev.herald.loadtest.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a {@code multipart/mixed} body (RFC 2046 §5.1) into the bodies of its parts. Nchan
 * answers a long-poll this way when several messages are queued, one part each, every part with
 * its own {@code Content-Type} header (or none).
 */
public final class MultipartMixed {

    private MultipartMixed() {
    }

    /** The boundary named by a {@code multipart/…; boundary=…} content type, or null for any other type. */
    public static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = trimmed.substring("boundary=".length());
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    /** The part bodies in order; throws if the body does not follow the boundary's framing. */
    public static List<String> parts(String body, String boundary) {
        String delimiter = "--" + boundary;
        List<String> parts = new ArrayList<>();
        int at = body.indexOf(delimiter);
        if (at < 0) {
            throw new IllegalArgumentException("no multipart boundary in the body");
        }
        while (true) {
            int after = at + delimiter.length();
            if (body.startsWith("--", after)) {
                return parts; // the close delimiter
            }
            if (!body.startsWith("\r\n", after)) {
                throw new IllegalArgumentException("multipart delimiter not followed by CRLF at " + after);
            }
            int headersStart = after + 2;
            // A part without headers starts with the blank line at once.
            int content = body.startsWith("\r\n", headersStart) ? headersStart + 2 : body.indexOf("\r\n\r\n", headersStart) + 4;
            int next = body.indexOf("\r\n" + delimiter, content - 2);
            if (content < 4 || next < 0) {
                throw new IllegalArgumentException("unterminated multipart part at " + headersStart);
            }
            parts.add(next < content ? "" : body.substring(content, next));
            at = next + 2;
        }
    }
}
