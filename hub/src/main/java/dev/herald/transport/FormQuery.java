package dev.herald.transport;

import dev.herald.http.PercentDecoding;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * A query string read with the WHATWG URL Standard's {@code application/x-www-form-urlencoded}
 * parser, the one {@code URLSearchParams} and {@code EventSource} use, as draft-08 requires for the
 * subscribe URL. Unlike Vert.x's {@code params()}: names are case-sensitive, {@code ;} is an
 * ordinary character, every pair is kept in order (no cap on their number) and a value whose bytes
 * are not UTF-8 is marked rather than silently repaired. {@code +} is a space and a name without
 * {@code =} has an empty value, as both agree.
 */
final class FormQuery {
    /**
     * One name/value pair, percent-decoded.
     *
     * @param utf8 whether the name's and value's decoded bytes were valid UTF-8 (when not, they
     *             hold U+FFFD where the bytes were invalid, as the standard's decoding does)
     */
    record Pair(String name, String value, boolean utf8) {
    }

    private FormQuery() {
    }

    /** The pairs of {@code rawQuery} (the part after {@code ?}, undecoded), in order; none for null. */
    static List<Pair> parse(String rawQuery) {
        List<Pair> pairs = new ArrayList<>();
        pairs(rawQuery, name -> true).forEach(pairs::add);
        return pairs;
    }

    /**
     * The pairs of {@code rawQuery} whose decoded name {@code wanted} accepts, in order, decoded as
     * they are iterated: other values are never decoded, and a reader that stops early (over a
     * limit) never holds more pairs than it counted.
     */
    static Iterable<Pair> pairs(String rawQuery, Predicate<String> wanted) {
        String query = rawQuery == null ? "" : rawQuery;
        return () -> new Iterator<>() {
            private int start;
            private Pair next = advance();

            private Pair advance() {
                while (start < query.length()) {
                    int end = query.indexOf('&', start);
                    if (end < 0) {
                        end = query.length();
                    }
                    String sequence = query.substring(start, end);
                    start = end + 1;
                    if (sequence.isEmpty()) {
                        continue;
                    }
                    int equals = sequence.indexOf('=');
                    Decoded name = decode(equals < 0 ? sequence : sequence.substring(0, equals));
                    if (wanted.test(name.text)) {
                        Decoded value = decode(equals < 0 ? "" : sequence.substring(equals + 1));
                        return new Pair(name.text, value.text, name.utf8 && value.utf8);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Pair next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Pair current = next;
                next = advance();
                return current;
            }
        };
    }

    private record Decoded(String text, boolean utf8) {
    }

    /**
     * {@code +} to space, then percent-decoding; a {@code %} not followed by two hex digits stays as
     * it is. The request line reaches Herald as ASCII, but any other char is taken as its UTF-8.
     */
    private static Decoded decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return new Decoded(text, true);
        }
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        byte[] decoded = PercentDecoding.bytes(input, 0, input.length, true);
        String strict = PercentDecoding.strictUtf8(decoded);
        return strict != null ? new Decoded(strict, true) : new Decoded(new String(decoded, StandardCharsets.UTF_8), false);
    }
}
