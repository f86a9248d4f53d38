package dev.herald.loadtest.target;

import dev.herald.loadtest.wire.Ascii;
import dev.herald.loadtest.wire.SocketIoFrame;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Socket.IO client over a WebSocket: waits for the Engine.IO open packet, connects to the
 * default namespace, sends one acknowledged {@code subscribe} event per topic, then delivers
 * every {@code m} event. Answers pings. Confined to the socket's event loop.
 */
final class SocketIoClient {

    static final String MESSAGE_EVENT = "m";
    private static final String MESSAGE_PREFIX = "42[\"" + MESSAGE_EVENT + "\",\"";

    private final RawWebSocket socket;
    private final List<String> topics;
    private final EventSink sink;
    private final Promise<Void> joined;
    private int pendingAcks;

    SocketIoClient(RawWebSocket socket, List<String> topics, EventSink sink, Promise<Void> joined) {
        this.socket = socket;
        this.topics = topics;
        this.sink = sink;
        this.joined = joined;
    }

    /** Message events ({@code 42["m","…"]}) are read in place; everything else is rare and parsed. */
    void onMessage(byte[] bytes, int length) {
        if (Ascii.startsWith(bytes, 0, length, MESSAGE_PREFIX) && Ascii.equals(bytes, length - 2, length, "\"]")) {
            int from = MESSAGE_PREFIX.length();
            int to = length - 2;
            boolean plain = from <= to;
            for (int i = from; i < to && plain; i++) {
                plain = bytes[i] != '\\' && bytes[i] != '"';
            }
            if (plain) {
                sink.onEvent(null, 0, 0, bytes, from, to);
                return;
            }
        }
        onFrame(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    private void onFrame(String text) {
        SocketIoFrame frame = SocketIoFrame.parse(text);
        switch (frame.kind()) {
            case EVENT -> {
                if (MESSAGE_EVENT.equals(frame.eventName())) {
                    sink.onEvent(null, frame.arguments().getString(1));
                }
            }
            case PING -> socket.writeText(SocketIoFrame.PONG);
            case OPEN -> socket.writeText(SocketIoFrame.CONNECT);
            case CONNECTED -> subscribe();
            case ACK -> {
                if (--pendingAcks == 0) {
                    joined.tryComplete();
                }
            }
            case CONNECT_ERROR -> fail("socket.io connect refused: " + text);
            case DISCONNECTED, CLOSE -> fail("socket.io disconnected by server");
            default -> { } // Noop and upgrade packets do not concern a WebSocket-only client.
        }
    }

    private void subscribe() {
        pendingAcks = topics.size();
        for (int i = 0; i < topics.size(); i++) {
            socket.writeText(SocketIoFrame.event(i, "subscribe", topics.get(i)));
        }
    }

    private void fail(String reason) {
        if (!joined.tryFail(reason)) {
            socket.lost(reason);
        }
    }
}
