package dev.herald.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers a connection Herald will not serve with one ready-made response, then ends it the way
 * RFC 9112 section 9.6 asks: output shut first, input read and discarded until the client closes
 * or {@link #LINGER_MILLIS} pass. Closing at once would make the kernel reset a connection whose
 * request is still unread, and the client would see the reset instead of the answer.
 *
 * <p>A refusal may first read the request's head ({@link #readingHead}), at most
 * {@link #MAX_HEAD_BYTES} for at most {@link #LINGER_MILLIS}: a WebSocket upgrade then gets the
 * handshake and a close frame with a code its client can read (a browser shows no HTTP status for
 * a failed upgrade), anything else the HTTP answer. Every other refusal answers at once.
 *
 * <p>Installed first in the pipeline, so nothing behind it ever sees the connection's bytes and an
 * unwanted client costs no more than that head. Confined to the connection's event loop.
 */
final class Refusal extends ChannelInboundHandlerAdapter {
    static final long LINGER_MILLIS = 2_000;
    /** The most of a request's head a refusal reads to see whether it is a WebSocket upgrade. */
    static final int MAX_HEAD_BYTES = 8 * 1024;

    private final byte[] response;
    private final int closeCode;
    private final String closeReason;
    private final AtomicInteger readingNow;
    private ByteBuf head;
    private ScheduledFuture<?> headTimeout;
    private boolean answered;

    private Refusal(byte[] response, int closeCode, String closeReason, AtomicInteger readingNow) {
        this.response = response;
        this.closeCode = closeCode;
        this.closeReason = closeReason;
        this.readingNow = readingNow;
    }

    /** Answers {@code response} at once, reading nothing. */
    static Refusal immediate(byte[] response) {
        return new Refusal(response, 0, null, null);
    }

    /**
     * Reads the request's head first: a WebSocket upgrade gets close code {@code closeCode} with
     * {@code closeReason}, anything else {@code response}. {@code readingNow} counts the refusals
     * reading a head, hub-wide; this one gives its place back when it answers.
     */
    static Refusal readingHead(byte[] response, int closeCode, String closeReason, AtomicInteger readingNow) {
        return new Refusal(response, closeCode, closeReason, readingNow);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (readingNow == null) {
            // Added while the pipeline is being set up: answer once that is done.
            ctx.executor().execute(() -> answer(ctx, response));
        } else {
            head = ctx.alloc().buffer(256, MAX_HEAD_BYTES);
            headTimeout = ctx.executor().schedule(() -> answer(ctx, response), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            if (answered || head == null || !(message instanceof ByteBuf bytes)) {
                return;
            }
            if (bytes.readableBytes() > head.maxWritableBytes()) {
                answer(ctx, response);
                return;
            }
            head.writeBytes(bytes);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                String key = WebSocketHandshake.upgradeKey(text.substring(0, end));
                answer(ctx, key == null ? response : WebSocketHandshake.acceptAndClose(key, closeCode, closeReason));
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void answer(ChannelHandlerContext ctx, byte[] bytes) {
        if (answered) {
            return;
        }
        answered = true;
        release();
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(written -> {
            if (ctx.channel() instanceof DuplexChannel duplex && written.isSuccess()) {
                duplex.shutdownOutput();
            }
        });
        ctx.executor().schedule(() -> ctx.channel().close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Gives back the head's buffer and the place among the refusals reading one. */
    private void release() {
        if (head != null) {
            head.release();
            head = null;
            headTimeout.cancel(false);
            readingNow.decrementAndGet();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        answered = true;
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.channel().close();
    }
}
