package dev.herald.transport.ws;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.subscription.Transport;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * WebSocket framing: one JSON text frame per update (the bytes shared by every connection), JSON
 * control messages, RFC 6455 pings, and close frames carrying {@link CloseReason} codes.
 *
 * <p>Vert.x sends each frame as it is written, so {@link #flush} has nothing left to send.
 *
 * <p>Threading: confined to the socket's event loop.
 */
final class WsTransport implements Transport {
    private static final Buffer PING_MESSAGE = new JsonObject().put("type", "ping").toBuffer();
    private static final Buffer PING_FRAME_DATA = Buffer.buffer("herald");

    private final ServerWebSocket socket;
    private final List<Runnable> onEnded = new ArrayList<>();
    private boolean closed;

    WsTransport(ServerWebSocket socket, int maxQueueBytes) {
        this.socket = socket;
        socket.setWriteQueueMaxSize(maxQueueBytes);
        socket.closeHandler(ignored -> onEnded.forEach(Runnable::run));
    }

    @Override
    public void write(EncodedUpdate update) {
        if (isOpen()) {
            // A text frame around the shared bytes: wrapping copies nothing, so the update is
            // serialised once for all connections (the public API would re-encode a String each time).
            socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(update.json()), true));
        }
    }

    @Override
    public void flush() {
    }

    /** Sends a control message (reply, error) as a text frame. */
    void send(JsonObject message) {
        if (isOpen()) {
            socket.writeTextMessage(message.encode());
        }
    }

    /** WebSocket pings follow their own cadence ({@link WsHeartbeat}), not the idle sweep. */
    @Override
    public void heartbeat() {
    }

    /** A protocol ping frame (browsers answer it by themselves) and an application ping a script can see. */
    void ping() {
        if (isOpen()) {
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
        socket.drainHandler(ignored -> {
            socket.drainHandler(null);
            action.run();
        });
    }

    @Override
    public void onEnded(Runnable action) {
        onEnded.add(action);
    }

    private boolean isOpen() {
        return !closed && !socket.isClosed();
    }
}
