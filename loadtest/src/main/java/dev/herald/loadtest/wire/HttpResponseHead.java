package dev.herald.loadtest.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 response head (RFC 9112 §2-§5) read incrementally: the status line and header
 * fields up to the blank line, which may arrive over several reads. Parsed once per connection,
 * so it may allocate. Confined to the connection's event loop.
 */
public final class HttpResponseHead {

    /** A longer head is no answer of a server we measure. */
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private byte[] head = new byte[512];
    private int length;
    private int status = -1;
    private final Map<String, String> headers = new HashMap<>();

    /**
     * Reads {@code bytes[from, to)}, the next bytes of the response.
     *
     * @return where the body starts in {@code bytes} once the head is complete, else -1 (all consumed)
     * @throws IllegalStateException when the head is malformed or too long
     */
    public int feed(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (length == head.length) {
                if (length == MAX_HEAD_BYTES) {
                    throw new IllegalStateException("response head longer than " + MAX_HEAD_BYTES + " bytes");
                }
                head = Arrays.copyOf(head, Math.min(MAX_HEAD_BYTES, length * 2));
            }
            head[length++] = bytes[i];
            if (bytes[i] == '\n' && endsWithBlankLine()) {
                parse();
                return i + 1;
            }
        }
        return -1;
    }

    public boolean complete() {
        return status >= 0;
    }

    public int status() {
        return status;
    }

    /** A header's value (the last one when repeated), by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the body is chunked (RFC 9112 §6.1: chunked is the last transfer coding). */
    public boolean chunked() {
        String coding = header("transfer-encoding");
        return coding != null && coding.toLowerCase(Locale.ROOT).trim().endsWith("chunked");
    }

    /** The declared body length, or -1 when there is none (chunked, or until the connection closes). */
    public long contentLength() {
        String value = header("content-length");
        if (value == null || chunked()) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("malformed Content-Length: " + value);
        }
    }

    private boolean endsWithBlankLine() {
        return (length >= 2 && head[length - 2] == '\n')
                || (length >= 4 && head[length - 2] == '\r' && head[length - 3] == '\n');
    }

    private void parse() {
        String[] lines = new String(head, 0, length, StandardCharsets.ISO_8859_1).split("\r?\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IllegalStateException("not an HTTP/1.x status line: " + abbreviate(lines[0]));
        }
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("malformed status line: " + abbreviate(lines[0]));
        }
        head = null;
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
