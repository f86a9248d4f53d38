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

    public static UpdateDraft parse(byte[] body) throws ClientError {
        Map<String, List<String>> fields = FormDecoder.decode(body, MAX_FIELDS);
        List<String> topics = fields.getOrDefault("topic", List.of());
        if (topics.isEmpty()) {
            throw ClientError.badRequest("missing topic: add at least one topic field");
        }
        for (String topic : topics) {
            if (topic.isEmpty()) {
                throw ClientError.badRequest("empty topic");
            }
        }
        String id = single(fields, "id");
        if (id != null) {
            if (id.isEmpty()) {
                throw ClientError.badRequest("empty id: omit the field to let the hub generate one");
            }
            if (id.startsWith("#")) {
                throw ClientError.badRequest("id must not start with '#' (reserved by the Mercure protocol)");
            }
            refuseLineBreaks("id", id);
        }
        String type = single(fields, "type");
        if (type != null) {
            refuseLineBreaks("type", type);
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

    // A line break would end the SSE field early and let the rest be read as another field;
    // a NUL makes browsers ignore the id (WHATWG HTML, server-sent events, "id" field).
    private static void refuseLineBreaks(String field, String value) throws ClientError {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw ClientError.badRequest(field + " must not contain line breaks or NUL characters");
        }
    }
}
