package dev.herald.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * Answers a connection Herald will not serve with one ready-made response, then ends it the way
 * RFC 9112 section 9.6 asks: output shut first, input read and discarded until the client closes
 * or {@link #LINGER_MILLIS} pass. Closing at once would make the kernel reset a connection whose
 * request is still unread, and the client would see the reset instead of the answer.
 *
 * <p>Installed first in the pipeline, so nothing behind it ever sees the connection's bytes and an
 * unwanted client costs no buffer. Confined to the connection's event loop.
 */
final class Refusal extends ChannelInboundHandlerAdapter {
    static final long LINGER_MILLIS = 2_000;

    private final byte[] response;

    Refusal(byte[] response) {
        this.response = response;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added while the pipeline is being set up: answer once that is done.
        ctx.executor().execute(() -> answer(ctx));
    }

    private void answer(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(response)).addListener(written -> {
            if (ctx.channel() instanceof DuplexChannel duplex && written.isSuccess()) {
                duplex.shutdownOutput();
            }
        });
        ctx.executor().schedule(() -> ctx.channel().close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ReferenceCountUtil.release(message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.channel().close();
    }
}
