package dev.herald.publish;

import dev.herald.core.UpdateDraft;
import dev.herald.http.ClientError;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a publish body ({@code application/x-www-form-urlencoded}) into an update
 * draft (the log gives it its id when the publisher chose none). Everything a subscriber's wire
 * format could be confused by is refused here, at the edge.
 */
public final class PublishForm {
    private PublishForm() {
    }

    /** Most form fields a publish may carry (topics included). */
    static final int MAX_FIELDS = 1024;

    /**
     * Longest event id a publisher may choose, in UTF-16 chars. An id travels back in every
     * reconnect's {@code Last-Event-ID} request header, where servers and proxies cap the header
     * block (8 KiB is common): 512 chars stay under 2 KiB of UTF-8.
     */
    public static final int MAX_ID_LENGTH = 512;

    /**
     * Longest topic, in UTF-16 chars: every pattern subscribed to (URI templates, URL patterns) is
     * evaluated against every topic of every update, at a cost that grows with its length; 8 KiB is
     * four times the longest selector a subscriber may send.
     */
    public static final int MAX_TOPIC_LENGTH = 8192;

    /** The {@code Last-Event-ID} value that asks for all history; no update may be called that. */
    static final String EARLIEST = "earliest";

    /**
     * @param maxTopics most topics the update may name: each costs matching against every
     *                  subscriber's patterns ({@code max_topics_per_update})
     */
    public static UpdateDraft parse(byte[] body, int maxTopics) throws ClientError {
        Map<String, List<String>> fields = FormDecoder.decode(body, MAX_FIELDS);
        List<String> topics = fields.getOrDefault("topic", List.of());
        if (topics.isEmpty()) {
            throw ClientError.badRequest("missing topic: add at least one topic field");
        }
        if (topics.size() > maxTopics) {
            throw ClientError.badRequest("too many topics: " + topics.size() + ", at most " + maxTopics
                    + " (max_topics_per_update)");
        }
        for (String topic : topics) {
            if (topic.isEmpty()) {
                throw ClientError.badRequest("empty topic");
            }
            if (topic.length() > MAX_TOPIC_LENGTH) {
                throw new ClientError(413, "topic too long: " + topic.length() + " characters, at most " + MAX_TOPIC_LENGTH);
            }
            refuseInvisible("topic", topic);
        }
        String id = single(fields, "id");
        if (id != null) {
            if (id.isEmpty()) {
                throw ClientError.badRequest("empty id: omit the field to let the hub generate one");
            }
            if (id.startsWith("#")) {
                throw ClientError.badRequest("id must not start with '#' (reserved by the Mercure protocol)");
            }
            if (id.equals(EARLIEST)) {
                throw ClientError.badRequest("id must not be 'earliest': subscribers send it to ask for all history");
            }
            // Draft-08 (Publication): a field over the hub's length limit is a 413, like a body over its size limit.
            if (id.length() > MAX_ID_LENGTH) {
                throw new ClientError(413, "id too long: " + id.length() + " characters, at most " + MAX_ID_LENGTH);
            }
            refuseUnprintable(id);
        }
        String type = single(fields, "type");
        if (type != null) {
            refuseInvisible("type", type);
            if (type.isEmpty()) {
                type = null;
            }
        }
        String data = single(fields, "data");
        return new UpdateDraft(id, topics, data == null ? "" : data, type, retry(single(fields, "retry")),
                fields.containsKey("private"));
    }

    private static Long retry(String text) throws ClientError {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9') || text.length() > 12) {
            throw ClientError.badRequest("retry must be a non-negative whole number of milliseconds, got '" + text + "'");
        }
        return Long.parseLong(text);
    }

    private static String single(Map<String, List<String>> fields, String name) throws ClientError {
        List<String> values = fields.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw ClientError.badRequest("field " + name + " given " + values.size() + " times; it takes one value");
        }
        return values.get(0);
    }

    // An id is sent back in the Last-Event-ID response header, where a control character is
    // invalid (and failed every later subscription to the topic), and in the SSE id field.
    private static void refuseUnprintable(String id) throws ClientError {
        refuseInvisible("id", id);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1));
                if (!paired) {
                    throw ClientError.badRequest("id must be printable: no unpaired surrogates");
                }
                i++;
            }
        }
    }

    // Draft-08 (Terminology, Publication): a line break would end an SSE field early and let the rest
    // be read as another field, a NUL makes browsers ignore an id, and format characters (general
    // category Cf: zero-width and bidirectional controls) make two different strings look alike.
    private static void refuseInvisible(String field, String value) throws ClientError {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Character.isISOControl(c)) {
                throw ClientError.badRequest(field + " must be printable: no control characters (U+0000-U+001F, U+007F-U+009F)");
            }
            if (Character.getType(c) == Character.FORMAT) {
                throw ClientError.badRequest(field + " must be printable: no invisible format characters"
                        + " (Unicode category Cf, such as U+200B or U+202E)");
            }
            i += Character.charCount(c);
        }
    }
}
