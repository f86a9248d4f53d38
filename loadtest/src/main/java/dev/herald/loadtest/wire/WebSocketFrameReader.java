package dev.herald.loadtest.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the frames a server sends (RFC 6455 §5) incrementally, whatever bytes each read ends at:
 * text and binary messages, fragmented or not, go to the listener whole, copied once into a
 * reused array; control frames (ping, pong, close) may come between fragments and go to the
 * listener as they complete. A masked frame, a reserved bit or opcode, or a control frame that
 * is fragmented or too long is a protocol error. Confined to the connection's event loop.
 */
public final class WebSocketFrameReader {

    /** What the reader delivers; arrays are the reader's, valid only during the call. */
    public interface Listener {
        void onMessage(byte[] bytes, int length);

        void onPing(byte[] payload, int length);

        /** {@code code} is -1 when the close frame carried none. */
        void onClose(int code, String reason);
    }

    /** A longer message is cut here: it is then no payload of ours. */
    private static final int MAX_MESSAGE_BYTES = 1 << 22;
    private static final int MAX_CONTROL_BYTES = 125;

    private final Listener listener;
    private final byte[] header = new byte[10];
    private int headerLength;
    private int headerNeeded = 2;
    private boolean inPayload;
    private int opcode;
    private boolean fin;
    private long remaining;
    private boolean inMessage;
    private byte[] message = new byte[512];
    private int messageLength;
    private final byte[] control = new byte[MAX_CONTROL_BYTES];
    private int controlLength;

    public WebSocketFrameReader(Listener listener) {
        this.listener = listener;
    }

    /**
     * Reads {@code bytes[from, to)}, the next bytes from the server.
     *
     * @throws IllegalStateException on a protocol error
     */
    public void feed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (!inPayload) {
                int n = Math.min(headerNeeded - headerLength, to - i);
                System.arraycopy(bytes, i, header, headerLength, n);
                headerLength += n;
                i += n;
                if (headerLength == headerNeeded && headerComplete()) {
                    startPayload();
                }
                continue;
            }
            int n = (int) Math.min(remaining, to - i);
            payload(bytes, i, n);
            i += n;
            remaining -= n;
            if (remaining == 0) {
                endFrame();
            }
        }
    }

    /** Whether the header is whole; if only its fixed part is in, asks for the length bytes it names. */
    private boolean headerComplete() {
        if (headerNeeded == 2) {
            if ((header[1] & 0x80) != 0) {
                throw new IllegalStateException("websocket protocol error: the server masked a frame");
            }
            int length = header[1] & 0x7f;
            if (length >= 126) {
                headerNeeded = length == 126 ? 4 : 10;
                return false;
            }
        }
        return true;
    }

    private void startPayload() {
        int first = header[0] & 0xff;
        if ((first & 0x70) != 0) {
            throw new IllegalStateException("websocket protocol error: reserved bits set without an extension");
        }
        fin = (first & 0x80) != 0;
        opcode = first & 0x0f;
        int length7 = header[1] & 0x7f;
        long length = length7;
        if (length7 == 126) {
            length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        } else if (length7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xff);
            }
            if (length < 0) {
                throw new IllegalStateException("websocket protocol error: negative frame length");
            }
        }
        checkOpcode(length);
        remaining = length;
        headerLength = 0;
        headerNeeded = 2;
        controlLength = 0;
        inPayload = true;
        if (remaining == 0) {
            endFrame();
        }
    }

    private void checkOpcode(long length) {
        switch (opcode) {
            case WebSocketWire.TEXT, WebSocketWire.BINARY -> {
                if (inMessage) {
                    throw new IllegalStateException("websocket protocol error: a new message before the last one's final fragment");
                }
                inMessage = true;
                messageLength = 0;
            }
            case WebSocketWire.CONTINUATION -> {
                if (!inMessage) {
                    throw new IllegalStateException("websocket protocol error: a continuation frame outside a message");
                }
            }
            case WebSocketWire.CLOSE, WebSocketWire.PING, WebSocketWire.PONG -> {
                if (!fin || length > MAX_CONTROL_BYTES) {
                    throw new IllegalStateException("websocket protocol error: a fragmented or long control frame");
                }
            }
            default -> throw new IllegalStateException("websocket protocol error: reserved opcode " + opcode);
        }
    }

    private void payload(byte[] bytes, int from, int n) {
        if (opcode >= WebSocketWire.CLOSE) {
            System.arraycopy(bytes, from, control, controlLength, n);
            controlLength += n;
            return;
        }
        int kept = Math.min(n, MAX_MESSAGE_BYTES - messageLength);
        if (messageLength + kept > message.length) {
            message = Arrays.copyOf(message, Math.max(messageLength + kept, message.length * 2));
        }
        System.arraycopy(bytes, from, message, messageLength, kept);
        messageLength += kept;
    }

    private void endFrame() {
        inPayload = false;
        switch (opcode) {
            case WebSocketWire.PING -> listener.onPing(control, controlLength);
            case WebSocketWire.PONG -> { } // Unsolicited or not, a pong needs no answer.
            case WebSocketWire.CLOSE -> listener.onClose(
                    controlLength >= 2 ? ((control[0] & 0xff) << 8) | (control[1] & 0xff) : -1,
                    controlLength > 2 ? new String(control, 2, controlLength - 2, StandardCharsets.UTF_8) : "");
            default -> {
                if (fin) {
                    inMessage = false;
                    int length = messageLength;
                    messageLength = 0;
                    listener.onMessage(message, length);
                }
            }
        }
    }
}
