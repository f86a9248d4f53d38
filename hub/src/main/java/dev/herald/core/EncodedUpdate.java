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
    private volatile byte[] webSocketFrame;

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

    /**
     * {@link #json()} as a whole WebSocket text frame, header included. A server's frames are not
     * masked (RFC 6455 section 5.1), so these bytes are the same for every connection. Shared: callers
     * wrap it, never modify it.
     */
    public byte[] webSocketFrame() {
        byte[] encoded = webSocketFrame;
        if (encoded == null) {
            encoded = textFrame(json());
            webSocketFrame = encoded;
        }
        return encoded;
    }

    /** RFC 6455 section 5.2: FIN and the text opcode, then the payload length in 7, 7+16 or 7+64 bits. */
    private static byte[] textFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81;
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
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
