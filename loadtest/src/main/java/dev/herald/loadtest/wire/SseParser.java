package dev.herald.loadtest.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental text/event-stream parser (HTML Living Standard, "Parsing an event stream"):
 * lines end in CRLF, LF or CR; a blank line dispatches the event; comment lines start with
 * {@code :}; several {@code data:} lines join with LF; the last {@code id:} sticks.
 * Confined to the connection's event loop.
 */
public final class SseParser {

    /** Receives each dispatched event. */
    public interface Listener {
        void onEvent(String id, String eventType, String data);
    }

    private static final int MAX_LINE_BYTES = 1 << 20;

    private final Listener listener;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCarriageReturn;
    private String lastEventId;
    private String eventType;
    /** The first data line; most events have only one, which then needs no copying. */
    private String firstData;
    private StringBuilder moreData;

    public SseParser(Listener listener) {
        this.listener = listener;
    }

    public void feed(Buffer buffer) {
        int end = buffer.length();
        for (int i = 0; i < end; i++) {
            feed(buffer.getByte(i));
        }
    }

    private void feed(byte b) {
        if (b == '\n' && lastWasCarriageReturn) {
            lastWasCarriageReturn = false;
            return;
        }
        lastWasCarriageReturn = b == '\r';
        if (b == '\n' || b == '\r') {
            endLine();
            return;
        }
        if (lineLength == line.length) {
            if (line.length >= MAX_LINE_BYTES) {
                throw new IllegalStateException("event-stream line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void endLine() {
        int length = lineLength;
        lineLength = 0;
        if (length == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') {
            return;
        }
        int colon = indexOf(line, length, (byte) ':');
        int nameEnd = colon < 0 ? length : colon;
        int valueStart = colon < 0 ? length : colon + 1;
        if (valueStart < length && line[valueStart] == ' ') {
            valueStart++;
        }
        String value = new String(line, valueStart, length - valueStart, StandardCharsets.UTF_8);
        if (is("data", nameEnd)) {
            if (firstData == null) {
                firstData = value;
            } else {
                if (moreData == null) {
                    moreData = new StringBuilder(firstData);
                }
                moreData.append('\n').append(value);
            }
        } else if (is("id", nameEnd)) {
            if (value.indexOf('\0') < 0) {
                lastEventId = value;
            }
        } else if (is("event", nameEnd)) {
            eventType = value;
        }
    }

    private void dispatch() {
        if (firstData != null) {
            String type = eventType;
            String payload = moreData == null ? firstData : moreData.toString();
            firstData = null;
            moreData = null;
            eventType = null;
            listener.onEvent(lastEventId, type, payload);
        } else {
            eventType = null;
        }
    }

    private boolean is(String name, int length) {
        if (length != name.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (line[i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int length, byte wanted) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
