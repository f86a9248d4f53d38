package dev.herald.core;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * An update with its wire encodings, each computed at most once and shared by every connection.
 *
 * <p>Threading: immutable apart from the lazily filled encodings. A race between two event loops
 * computes identical bytes twice, which is harmless; the fields are volatile so a reader never
 * sees a half-built buffer.
 */
public final class EncodedUpdate {
    private final Update update;
    private final long heldSinceNanos = System.nanoTime();
    private volatile Buffer sse;
    private volatile byte[] json;

    public EncodedUpdate(Update update) {
        this.update = update;
    }

    public Update update() {
        return update;
    }

    public LogPosition position() {
        return update.position();
    }

    /**
     * When this node first held the update ({@link System#nanoTime}): placed in its log, or read
     * from the shared log in a cluster. Delivery latency is measured from here.
     */
    public long heldSinceNanos() {
        return heldSinceNanos;
    }

    /** The Server-Sent Events frame: id, event, retry, one data line per line of data, blank line. */
    public Buffer sse() {
        Buffer encoded = sse;
        if (encoded == null) {
            encoded = Buffer.buffer(encodeSse(update).getBytes(StandardCharsets.UTF_8));
            sse = encoded;
        }
        return encoded;
    }

    /** The JSON object shared by the WebSocket and long-poll transports. */
    public JsonObject jsonObject() {
        JsonObject object = new JsonObject()
                .put("type", "update")
                .put("id", update.id())
                .put("topics", new JsonArray(update.topics()))
                .put("data", update.data());
        if (update.type() != null) {
            object.put("event", update.type());
        }
        if (update.retry() != null) {
            object.put("retry", update.retry());
        }
        if (update.privateUpdate()) {
            object.put("private", true);
        }
        return object;
    }

    /**
     * {@link #jsonObject()} serialised once, as UTF-8 bytes. Shared by every connection: callers
     * wrap it, never modify it.
     */
    public byte[] json() {
        byte[] encoded = json;
        if (encoded == null) {
            encoded = jsonObject().toBuffer().getBytes();
            json = encoded;
        }
        return encoded;
    }

    // Ids and types are validated at publish time to hold no line break, so only data needs
    // splitting; every line of it (ended by CRLF, CR or LF) becomes its own data field and newlines
    // survive the trip.
    private static String encodeSse(Update update) {
        StringBuilder out = new StringBuilder(update.data().length() + 64);
        out.append("id: ").append(update.id()).append('\n');
        if (update.type() != null) {
            out.append("event: ").append(update.type()).append('\n');
        }
        if (update.retry() != null) {
            out.append("retry: ").append(update.retry()).append('\n');
        }
        String data = update.data();
        int lineStart = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append("data: ").append(data, lineStart, i).append('\n');
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++; // CRLF is one line break
                }
                lineStart = i + 1;
            }
        }
        out.append("data: ").append(data, lineStart, data.length()).append('\n');
        return out.append('\n').toString();
    }
}
