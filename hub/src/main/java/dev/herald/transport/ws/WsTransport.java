package dev.herald.transport.ws;

import dev.herald.config.WebSocketSettings;
import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.metrics.TransportKind;
import dev.herald.subscription.Transport;
import dev.herald.transport.JoinedFrames;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * WebSocket framing: one JSON text frame per update (the bytes shared by every connection), JSON
 * control messages, RFC 6455 pings, and close frames carrying {@link CloseReason} codes.
 *
 * <p>Updates are held from {@link #write} to {@link #flush}, as SSE holds them, and go out as one
 * buffer of whole frames ({@link EncodedUpdate#webSocketFrame}) with one socket write: Vert.x would
 * write and flush each frame on its own. Several frames are joined once for every connection of
 * the loop that received the same ones ({@link JoinedFrames}). The buffer takes the connection's
 * own outbound queue, the one Vert.x's frames wait in while the socket is full, and passes the
 * frame encoder untouched (it encodes frame objects only), so replies, pings and close frames,
 * each sent after the held updates, reach the client in the order written. A connection that negotiated permessage-deflate
 * sends its updates as frame objects instead, which Vert.x compresses for that connection alone.
 *
 * <p>Everything the hub queues for the connection counts against {@code max_queue_bytes}: updates,
 * replies, errors, and the pongs Vert.x sends by itself for the client's pings. While the queue is
 * over that bound the connection is not read, so no command or ping can add to it; if it stays
 * there for the grace period, the connection is closed as a slow consumer. Without this, a client
 * that sends pings or commands and never reads would make the hub queue answers until its heap ran
 * out. A batch of updates counts as one write of that queue.
 *
 * <p>Threading: confined to the socket's event loop.
 */
final class WsTransport implements Transport {
    private static final Buffer PING_MESSAGE = new JsonObject().put("type", "ping").toBuffer();
    private static final Buffer PING_FRAME_DATA = Buffer.buffer("herald");
    /** Held bytes are sent early past this size, so one flush never builds a huge buffer. */
    private static final int MAX_HELD_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final ServerWebSocket socket;
    private final WsFrameGuard guard;
    private final Duration grace;
    private final Runnable onStalled;
    /** Two in practice (the session's, the subscription's): sized for them, as every idle connection keeps it. */
    private final List<Runnable> onEnded = new ArrayList<>(2);
    /** Where held updates are written, or null when they go out as frames Vert.x compresses. */
    private final VertxConnection connection;
    private final JoinedFrames<byte[]> joinedFrames;
    /** The frame written since the last flush, when it is the only one: sent as it is. */
    private byte[] held;
    /** Every frame written since the last flush, when there are several. */
    private List<byte[]> heldFrames;
    private int heldBytes;
    private Runnable whenWritable;
    private long stallTimer = -1;
    private long abortTimer = -1;
    private boolean closed;
    private boolean ended;

    /**
     * @param channel   the socket's Netty channel, where the frame guard goes
     * @param onStalled closes the connection as a slow consumer: its queue stayed over
     *                  {@code maxQueueBytes} for the grace period, {@code pong_timeout}
     */
    WsTransport(Vertx vertx, ServerWebSocket socket, Channel channel, JoinedFrames<byte[]> joinedFrames, int maxQueueBytes,
                WebSocketSettings settings, Runnable onStalled) {
        this.vertx = vertx;
        this.socket = socket;
        // The grace a client has to drain its queue, or to read its close frame: the same time it
        // has to answer a ping.
        this.grace = settings.pongTimeout();
        this.onStalled = onStalled;
        socket.setWriteQueueMaxSize(maxQueueBytes);
        socket.drainHandler(ignored -> drained());
        socket.closeHandler(ignored -> ended());
        this.guard = WsFrameGuard.install(channel, settings.hardMessageLimit(), grace, this::stopReadingIfFull);
        // The handshake installed the extension encoders and the socket's handler before handing it over.
        boolean compressed = channel.pipeline().get(WebSocketExtensionEncoder.class) != null;
        this.connection = compressed ? null : channel.pipeline().get(VertxHandler.class).getConnection();
        this.joinedFrames = joinedFrames;
    }

    @Override
    public TransportKind kind() {
        return TransportKind.WEBSOCKET;
    }

    @Override
    public int write(EncodedUpdate update) {
        if (!isOpen()) {
            return 0;
        }
        byte[] json = update.json();
        if (connection == null) {
            // Wrapping copies nothing: the update is serialised once, compressed per connection.
            socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(json), true));
            return json.length;
        }
        byte[] frame = update.webSocketFrame();
        if (held == null) {
            held = frame;
        } else {
            if (heldFrames == null) {
                heldFrames = joinedFrames.newHeld();
                heldFrames.add(held);
            }
            heldFrames.add(frame);
        }
        heldBytes += frame.length;
        if (heldBytes >= MAX_HELD_BYTES) {
            flush();
        }
        return json.length;
    }

    @Override
    public void flush() {
        if (held == null) {
            return;
        }
        byte[] bytes = heldFrames != null ? joinedFrames.join(heldFrames) : held;
        held = null;
        heldFrames = null;
        heldBytes = 0;
        if (isOpen()) {
            // Wrapping copies nothing, and the frames are shared and never modified. The queue may
            // write at once and drain, and the drain handler write again: the held fields are reset.
            connection.writeToChannel(() -> connection.write(Unpooled.wrappedBuffer(bytes), false, connection.voidPromise));
        }
    }

    /** Sends a control message (reply, error) as a text frame. */
    void send(JsonObject message) {
        if (isOpen()) {
            flush();
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
            flush();
            socket.writePing(PING_FRAME_DATA);
            socket.writeTextMessage(PING_MESSAGE.toString());
        }
    }

    @Override
    public void close(CloseReason reason) {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        if (!socket.isClosed()) {
            socket.close((short) reason.webSocketCode(), reason.label());
            // Vert.x starts its closing timeout only once the close frame is sent, which never
            // happens for a client that reads nothing: such a client is dropped after the grace.
            abortTimer = vertx.setTimer(grace.toMillis(), ignored -> guard.abort());
        }
    }

    @Override
    public boolean writable() {
        // Vert.x throws on a socket the peer already closed; its close handler cleans up shortly.
        return socket.isClosed() || !socket.writeQueueFull();
    }

    @Override
    public void whenWritable(Runnable action) {
        whenWritable = action;
    }

    /** Runs {@code action} when the connection ends, or at once if it already has: a late subscription cannot outlive it. */
    @Override
    public void onEnded(Runnable action) {
        if (ended) {
            action.run();
        } else {
            onEnded.add(action);
        }
    }

    /**
     * Runs before every frame the client sends: a connection whose queue is full is not read
     * (neither its commands nor its pings, which Vert.x would answer) until the queue drains.
     */
    private void stopReadingIfFull() {
        if (stallTimer < 0 && !socket.isClosed() && socket.writeQueueFull()) {
            socket.pause();
            stallTimer = vertx.setTimer(grace.toMillis(), ignored -> onStalled.run());
        }
    }

    private void drained() {
        if (stallTimer >= 0) {
            vertx.cancelTimer(stallTimer);
            stallTimer = -1;
            if (!closed) {
                socket.resume();
            }
        }
        Runnable action = whenWritable;
        whenWritable = null;
        if (action != null) {
            action.run();
        }
    }

    private void ended() {
        ended = true;
        vertx.cancelTimer(stallTimer);
        vertx.cancelTimer(abortTimer);
        onEnded.forEach(Runnable::run);
    }

    private boolean isOpen() {
        return !closed && !socket.isClosed();
    }
}
