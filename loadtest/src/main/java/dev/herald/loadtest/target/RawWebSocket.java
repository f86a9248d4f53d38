package dev.herald.loadtest.target;

import dev.herald.loadtest.wire.HttpResponseHead;
import dev.herald.loadtest.wire.WebSocketFrameReader;
import dev.herald.loadtest.wire.WebSocketWire;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A subscriber's WebSocket (RFC 6455) over a {@link RawSocket}: the opening handshake with a
 * fresh key, checked against the server's {@code Sec-WebSocket-Accept}; then every complete
 * text or binary message goes to the reader as bytes in a reused array. Pings are answered with
 * a pong; a close from the server is answered with a close and reported as the loss, with its
 * status code. Whatever the client sends is masked, as a client must. Confined to the socket's
 * event loop, apart from {@link #close()}.
 */
final class RawWebSocket implements Subscription {

    /** Receives each message; the array is the reader's, valid only during the call. */
    interface Reader {
        void onMessage(byte[] bytes, int length);
    }

    /** Close status 1000, normal closure (§7.4.1). */
    private static final byte[] NORMAL_CLOSURE = {0x03, (byte) 0xe8};

    private final RawSocket socket;

    private RawWebSocket(RawSocket socket) {
        this.socket = socket;
    }

    /**
     * Opens a WebSocket to {@code uri} on node {@code node}, resuming after {@code lastEventId}
     * when set; {@code readerFor} makes the reader of its messages, which may write on it.
     */
    static Future<RawWebSocket> open(Connections connections, int node, String uri, String lastEventId, EventSink sink,
            Function<RawWebSocket, Reader> readerFor) {
        String key = WebSocketWire.newKey();
        String request;
        try {
            request = RawSocket.get(connections.subscribeServer(node), uri, "Upgrade: websocket", "Connection: Upgrade",
                    "Sec-WebSocket-Key: " + key, "Sec-WebSocket-Version: 13",
                    lastEventId == null ? null : "Last-Event-ID: " + lastEventId);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e.getMessage());
        }
        RawWebSocket[] opened = new RawWebSocket[1];
        return RawSocket.open(connections, node, request, 101, sink, (socket, head) -> {
            checkHandshake(head, key);
            RawWebSocket webSocket = new RawWebSocket(socket);
            opened[0] = webSocket;
            socket.sayOnClose(WebSocketWire.maskedFrame(WebSocketWire.CLOSE, NORMAL_CLOSURE));
            WebSocketFrameReader frames = new WebSocketFrameReader(webSocket.listener(readerFor.apply(webSocket)));
            return frames::feed;
        }).map(socket -> opened[0]);
    }

    private static void checkHandshake(HttpResponseHead head, String key) {
        String upgrade = head.header("upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw new IllegalStateException("websocket handshake: 101 without Upgrade: websocket");
        }
        if (!WebSocketWire.accept(key).equals(head.header("sec-websocket-accept"))) {
            throw new IllegalStateException("websocket handshake: wrong Sec-WebSocket-Accept " + head.header("sec-websocket-accept"));
        }
    }

    private WebSocketFrameReader.Listener listener(Reader reader) {
        return new WebSocketFrameReader.Listener() {
            @Override
            public void onMessage(byte[] bytes, int length) {
                reader.onMessage(bytes, length);
            }

            @Override
            public void onPing(byte[] payload, int length) {
                socket.write(WebSocketWire.maskedFrame(WebSocketWire.PONG, Arrays.copyOf(payload, length)));
            }

            @Override
            public void onClose(int code, String reason) {
                // The reply echoes the status code (§5.5.1).
                socket.write(WebSocketWire.maskedFrame(WebSocketWire.CLOSE,
                        code < 0 ? new byte[0] : new byte[] {(byte) (code >>> 8), (byte) code}));
                socket.lost("websocket closed by peer" + (code < 0 ? "" : " (" + code + (reason.isEmpty() ? "" : " " + reason) + ")"));
            }
        };
    }

    void writeText(String text) {
        socket.write(WebSocketWire.maskedFrame(WebSocketWire.TEXT, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Ends the subscription from the server's side (see {@link RawSocket#lost}). */
    void lost(String reason) {
        socket.lost(reason);
    }

    @Override
    public Future<Void> close() {
        return socket.close();
    }
}
