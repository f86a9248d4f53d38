package dev.herald.transport.ws;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.transport.Transport;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * WebSocket framing: one JSON text frame per update (the bytes shared by every connection), JSON
 * control messages, RFC 6455 pings, and close frames carrying {@link CloseReason} codes.
 *
 * <p>Threading: confined to the socket's event loop.
 */
final class WsTransport implements Transport {
    static final Buffer PING_MESSAGE = new JsonObject().put("type", "ping").toBuffer();
    private static final Buffer PING_FRAME_DATA = Buffer.buffer("herald");

    private final ServerWebSocket socket;
    private boolean closed;

    WsTransport(ServerWebSocket socket, int maxQueueBytes) {
        this.socket = socket;
        socket.setWriteQueueMaxSize(maxQueueBytes);
    }

    @Override
    public void write(EncodedUpdate update) {
        if (!closed && !socket.isClosed()) {
            // A text frame around the shared bytes: wrapping copies nothing, so the update is
            // serialised once for all connections (the public API would re-encode a String each time).
            socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(update.json()), true));
        }
    }

    /** Sends a control message (reply, error, ping) as a text frame. */
    void send(JsonObject message) {
        if (!closed && !socket.isClosed()) {
            socket.writeTextMessage(message.encode());
        }
    }

    /** WebSocket pings come from {@link WsHandler}'s own cadence ({@code ping_interval}), not the idle sweep. */
    @Override
    public void heartbeat() {
    }

    /** A protocol ping frame (browsers answer it by themselves) and an application ping a script can see. */
    void ping() {
        if (!closed && !socket.isClosed()) {
            socket.writePing(PING_FRAME_DATA);
            socket.writeTextMessage(PING_MESSAGE.toString());
        }
    }

    @Override
    public void close(CloseReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (!socket.isClosed()) {
            socket.close((short) reason.webSocketCode(), reason.label());
        }
    }

    @Override
    public boolean writable() {
        // Vert.x throws on a socket the peer already closed; its close handler cleans up shortly.
        return socket.isClosed() || !socket.writeQueueFull();
    }

    @Override
    public void whenWritable(Runnable action) {
        socket.drainHandler(ignored -> action.run());
    }
}
