package dev.herald.loadtest.wire;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Incremental text/event-stream parser (HTML Living Standard, "Parsing an event stream"):
 * lines end in CRLF, LF or CR; a blank line dispatches the event; comment lines start with
 * {@code :}; several {@code data:} lines join with LF; the last {@code id:} sticks.
 *
 * <p>Works on bytes and allocates nothing per event: each read is copied once into a reused
 * array and scanned there; only a line cut by the end of a read is carried over to the next.
 * Ids and data go to the listener as ranges of arrays the parser reuses. Confined to the
 * connection's event loop.
 */
public final class SseParser {

    /** Receives each dispatched event; the arrays are the parser's, valid only during the call. */
    public interface Listener {
        /** {@code id} is null until the stream has carried an {@code id:} field. */
        void onEvent(byte[] id, int idLength, byte[] data, int dataLength);
    }

    private static final int MAX_LINE_BYTES = 1 << 20;

    private final Listener listener;
    private byte[] chunk = new byte[4096];
    /** The start of a line the previous read cut off. */
    private byte[] carried = new byte[256];
    private int carriedLength;
    private boolean lastWasCarriageReturn;
    private byte[] id;
    private int idLength;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;

    public SseParser(Listener listener) {
        this.listener = listener;
    }

    public void feed(Buffer buffer) {
        int length = buffer.length();
        if (chunk.length < length) {
            chunk = new byte[Math.max(length, chunk.length * 2)];
        }
        buffer.getBytes(0, length, chunk, 0);
        feed(chunk, 0, length);
    }

    /** Parses {@code bytes[from, to)}, the next bytes of the stream. */
    public void feed(byte[] bytes, int from, int to) {
        int lineStart = from;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != '\n' && b != '\r') {
                continue;
            }
            boolean skip = b == '\n' && lastWasCarriageReturn && i == lineStart && carriedLength == 0;
            lastWasCarriageReturn = b == '\r';
            if (!skip) {
                if (carriedLength > 0) {
                    carry(bytes, lineStart, i);
                    int length = carriedLength;
                    carriedLength = 0;
                    line(carried, 0, length);
                } else {
                    line(bytes, lineStart, i);
                }
            }
            lineStart = i + 1;
        }
        if (lineStart < to) {
            lastWasCarriageReturn = false;
            carry(bytes, lineStart, to);
        }
    }

    private void carry(byte[] bytes, int from, int to) {
        int needed = carriedLength + to - from;
        if (needed > carried.length) {
            if (needed > MAX_LINE_BYTES) {
                throw new IllegalStateException("event-stream line longer than " + MAX_LINE_BYTES + " bytes");
            }
            carried = Arrays.copyOf(carried, Math.max(needed, carried.length * 2));
        }
        System.arraycopy(bytes, from, carried, carriedLength, to - from);
        carriedLength = needed;
    }

    private void line(byte[] bytes, int from, int to) {
        if (from == to) {
            dispatch();
            return;
        }
        if (bytes[from] == ':') {
            return;
        }
        int nameEnd = from;
        while (nameEnd < to && bytes[nameEnd] != ':') {
            nameEnd++;
        }
        int valueStart = nameEnd < to ? nameEnd + 1 : to;
        if (valueStart < to && bytes[valueStart] == ' ') {
            valueStart++;
        }
        if (Ascii.equals(bytes, from, nameEnd, "data")) {
            appendData(bytes, valueStart, to);
        } else if (Ascii.equals(bytes, from, nameEnd, "id")) {
            setId(bytes, valueStart, to);
        }
        // Event types, retry and unknown fields do not concern the load tester.
    }

    private void appendData(byte[] bytes, int from, int to) {
        int needed = dataLength + (hasData ? 1 : 0) + to - from;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(bytes, from, data, dataLength, to - from);
        dataLength = needed;
        hasData = true;
    }

    private void setId(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                return; // The standard ignores an id holding NUL.
            }
        }
        if (id == null || id.length < to - from) {
            id = new byte[Math.max(64, to - from)];
        }
        System.arraycopy(bytes, from, id, 0, to - from);
        idLength = to - from;
    }

    private void dispatch() {
        if (hasData) {
            int length = dataLength;
            hasData = false;
            dataLength = 0;
            listener.onEvent(id, idLength, data, length);
        }
    }
}
