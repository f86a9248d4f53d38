package dev.herald.loadtest.target;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.Arrays;

/**
 * Hands each complete text or binary message of a WebSocket to its reader as bytes in one
 * reused array: a frame is copied once, fragments are joined, and nothing is allocated per
 * message beyond the frame Vert.x itself decodes. Confined to the socket's event loop.
 */
final class WebSocketMessages {

    /** Receives each message; the array is the reader's, valid only during the call. */
    interface Reader {
        void onMessage(byte[] bytes, int length);
    }

    /** A longer message is cut here (the clients' own limit, see Connections): it is then no payload of ours. */
    private static final int MAX_MESSAGE_BYTES = 1 << 22;

    private final Reader reader;
    private byte[] message = new byte[512];
    private int length;

    private WebSocketMessages(Reader reader) {
        this.reader = reader;
    }

    static void read(WebSocket socket, Reader reader) {
        socket.frameHandler(new WebSocketMessages(reader)::onFrame);
    }

    private void onFrame(WebSocketFrame frame) {
        if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
            return; // Vert.x answers pings and handles close itself.
        }
        if (!frame.isContinuation()) {
            length = 0;
        }
        Buffer data = frame.binaryData();
        int size = Math.min(data.length(), MAX_MESSAGE_BYTES - length);
        if (length + size > message.length) {
            message = Arrays.copyOf(message, Math.max(length + size, message.length * 2));
        }
        data.getBytes(0, size, message, length);
        length += size;
        if (frame.isFinal()) {
            int complete = length;
            length = 0;
            reader.onMessage(message, complete);
        }
    }
}
