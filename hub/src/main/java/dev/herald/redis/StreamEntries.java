package dev.herald.redis;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;
import dev.herald.core.UpdateDraft;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * How an update is stored in the stream, and read back. An entry's id is
 * {@code <sequence>-<append time in ms>}; its fields are {@code e} (epoch), {@code i} (event id)
 * and {@code u} (the rest of the update as JSON).
 */
final class StreamEntries {
    private StreamEntries() {
    }

    /** The JSON stored in field {@code u}: everything of the update but its id and position. */
    static String encode(UpdateDraft draft) {
        JsonObject json = new JsonObject().put("t", new JsonArray(draft.topics())).put("d", draft.data());
        if (draft.type() != null) {
            json.put("y", draft.type());
        }
        if (draft.retry() != null) {
            json.put("r", draft.retry());
        }
        if (draft.privateUpdate()) {
            json.put("p", true);
        }
        return json.encode();
    }

    /** The sequence an entry id carries. */
    static long sequence(String entryId) {
        return Long.parseLong(entryId.substring(0, entryId.indexOf('-')));
    }

    /** The epoch field of an entry ({@code [id, [field, value, ...]]}). */
    static long epoch(Response entry) {
        return Long.parseLong(field(entry.get(1), "e"));
    }

    /** Decodes one entry; its position takes the epoch the entry carries. */
    static EncodedUpdate decode(Response entry) {
        Response fields = entry.get(1);
        long sequence = sequence(entry.get(0).toString());
        JsonObject json = new JsonObject(field(fields, "u"));
        List<String> topics = new ArrayList<>();
        for (Object topic : json.getJsonArray("t")) {
            topics.add((String) topic);
        }
        UpdateDraft draft = new UpdateDraft(null, topics, json.getString("d"), json.getString("y"),
                json.getLong("r"), json.getBoolean("p", false));
        return new EncodedUpdate(draft.placed(new LogPosition(Long.parseLong(field(fields, "e")), sequence),
                field(fields, "i")));
    }

    /** Decodes every entry of a list reply. */
    static List<EncodedUpdate> decodeAll(Response entries) {
        List<EncodedUpdate> updates = new ArrayList<>(entries.size());
        for (Response entry : entries) {
            updates.add(decode(entry));
        }
        return updates;
    }

    private static String field(Response fields, String name) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (name.equals(fields.get(i).toString())) {
                return fields.get(i + 1).toString();
            }
        }
        throw new IllegalStateException("a log entry without field " + name);
    }
}
