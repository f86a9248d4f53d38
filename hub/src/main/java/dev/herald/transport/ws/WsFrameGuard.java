package dev.herald.transport.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Every frame a client sends passes here, between the frame decoder and Vert.x, on the connection's
 * event loop. It fails the connection as RFC 6455 section 7.1.7 asks: a broken frame (reserved
 * bits, an unmasked frame, a fragmented or oversized control frame, an unknown opcode, a frame over
 * the hard limit), a text message that is not UTF-8, or a message over the hard limit gets a close
 * frame with the matching code (1002, 1007, 1009), then the TCP connection is closed. Vert.x alone
 * would drop the connection without a word, and would not check UTF-8 at all.
 *
 * <p>It also runs {@code beforeFrame} ahead of every frame, before Vert.x answers a ping by itself,
 * so the transport can stop reading a connection whose queue is full before more pongs pile up.
 *
 * <p>Threading: a Netty handler of one channel; the channel's event loop is the socket's.
 */
final class WsFrameGuard extends ChannelInboundHandlerAdapter {
    private final long maxMessageBytes;
    private final Duration closeGrace;
    private final Runnable beforeFrame;
    private ChannelHandlerContext context;
    private long messageBytes;
    private boolean failed;

    private WsFrameGuard(long maxMessageBytes, Duration closeGrace, Runnable beforeFrame) {
        this.maxMessageBytes = maxMessageBytes;
        this.closeGrace = closeGrace;
        this.beforeFrame = beforeFrame;
    }

    /**
     * Puts a UTF-8 check and the guard right after the channel's WebSocket frame decoder.
     *
     * @param maxMessageBytes the hard limit of one message, all its fragments together
     * @param closeGrace      how long a client that reads nothing may keep the connection after the
     *                        close frame was queued for it
     */
    static WsFrameGuard install(Channel channel, long maxMessageBytes, Duration closeGrace, Runnable beforeFrame) {
        WsFrameGuard guard = new WsFrameGuard(maxMessageBytes, closeGrace, beforeFrame);
        ChannelHandlerContext decoder = channel.pipeline().context(WebSocketFrameDecoder.class);
        channel.pipeline().addAfter(decoder.name(), "herald-ws-guard", guard);
        channel.pipeline().addAfter(decoder.name(), "herald-ws-utf8", new Utf8FrameValidator(false));
        return guard;
    }

    /**
     * Closes the TCP connection at once, dropping whatever is still queued for it. Closing through
     * Vert.x would first wait for that queue to be sent, which never happens for a client that
     * reads nothing; closing from here, below Vert.x in the pipeline, does not wait.
     */
    void abort() {
        if (context != null) {
            context.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.context = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (failed || !(message instanceof WebSocketFrame frame)) {
            // Nothing after a failure is read: the decoder may have resumed past the bad frame.
            ReferenceCountUtil.release(message);
            return;
        }
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            messageBytes = 0;
        }
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame) {
            messageBytes += frame.content().readableBytes();
            if (messageBytes > maxMessageBytes) {
                frame.release();
                fail(context, WebSocketCloseStatus.MESSAGE_TOO_BIG);
                return;
            }
        }
        beforeFrame.run();
        context.fireChannelRead(frame);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            fail(context, corrupted.closeStatus());
        } else {
            context.fireExceptionCaught(cause);
        }
    }

    private void fail(ChannelHandlerContext context, WebSocketCloseStatus status) {
        if (failed) {
            return;
        }
        failed = true;
        // Written from the channel's end so that it passes the frame encoder, wherever that sits;
        // closed from here once sent (or after the grace), past Vert.x's wait for its own queue.
        context.channel().writeAndFlush(new CloseWebSocketFrame(status.code(), reason(status)))
                .addListener(sent -> abort());
        context.executor().schedule(this::abort, closeGrace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The close reason text, in the lower-case form of every Herald close reason. */
    private static String reason(WebSocketCloseStatus status) {
        return switch (status.code()) {
            case 1002 -> "protocol_error";
            case 1007 -> "invalid_utf8";
            case 1009 -> "message_too_big";
            default -> status.reasonText();
        };
    }
}
