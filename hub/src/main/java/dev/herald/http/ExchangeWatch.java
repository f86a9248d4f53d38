package dev.herald.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Where one HTTP/1.1 connection is in its exchanges, and how long it may stay there:
 * <ul>
 *   <li>until a request's headers are complete, counted from its first byte (or from the moment a
 *       new connection opened): {@code request_header_timeout}, so a client that dribbles its
 *       headers (slowloris) cannot hold a connection;</li>
 *   <li>while a request's body arrives: {@code request_body_timeout};</li>
 *   <li>idle between a response and the next request: {@code keepalive_timeout};</li>
 *   <li>while a response is being written (an event stream, a long poll) or after a WebSocket
 *       upgrade: no limit, the connection is busy, not idle.</li>
 * </ul>
 * A connection past its deadline is closed without an answer.
 *
 * <p>It also reads the first line of each request as it arrives: a line that grows past
 * {@link RequestLine#MAX_BYTES} without being a subscription ({@code GET <subscribe path>?}) is
 * answered 414 at once, before the decoder buffered more of it.
 *
 * <p>Two handlers share the state: {@link #bytes()} sits before the HTTP decoder and sees raw bytes
 * (when a request starts, how long its line is); {@link #messages()} sits after it and sees requests
 * and responses. Confined to the connection's event loop.
 */
final class ExchangeWatch {
    private static final long NONE = Long.MAX_VALUE;

    private final Channel channel;
    private final long headerNanos;
    private final long bodyNanos;
    private final long keepAliveNanos;
    private final byte[] subscribePrefix;

    private boolean headersStarted = true;
    private boolean readingBody;
    private int responsesPending;
    private boolean unwatched;

    private boolean inRequestLine = true;
    private int lineBytes;
    private boolean subscribeLine = true;

    private long deadline = NONE;
    private ScheduledFuture<?> timer;
    private long timerAt;

    private final ChannelHandler bytes = new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof ByteBuf buffer && !unwatched && onBytes(buffer)) {
                buffer.release();
                unwatch();
                ctx.pipeline().addFirst(Refusal.immediate(ClientError.encoded(414, RequestLine.tooLong())));
                return;
            }
            ctx.fireChannelRead(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            unwatch();
            ctx.fireChannelInactive();
        }
    };

    private final ChannelHandler messages = new ChannelDuplexHandler() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (!unwatched) {
                onRequestPart(message);
            }
            ctx.fireChannelRead(message);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
            if (!unwatched && onResponsePart(message)) {
                promise = promise.unvoid();
                promise.addListener(written -> {
                    if (written.isSuccess()) {
                        leave(ctx.pipeline());
                    }
                });
            }
            ctx.write(message, promise);
        }
    };

    /**
     * @param subscribePrefix {@link #subscribePrefix(String)}, made once for every connection
     */
    ExchangeWatch(Channel channel, Duration header, Duration body, Duration keepAlive, byte[] subscribePrefix) {
        this.channel = channel;
        this.headerNanos = header.toNanos();
        this.bodyNanos = body.toNanos();
        this.keepAliveNanos = keepAlive.toNanos();
        this.subscribePrefix = subscribePrefix;
        deadlineIn(headerNanos);
    }

    /** How a subscription's request line starts: such a line may be long. */
    static byte[] subscribePrefix(String subscribePath) {
        return ("GET " + subscribePath + "?").getBytes(StandardCharsets.US_ASCII);
    }

    /** The handler before the decoder. */
    ChannelHandler bytes() {
        return bytes;
    }

    /** The handler after the decoder (and before Vert.x): requests in, responses out. */
    ChannelHandler messages() {
        return messages;
    }

    /**
     * A WebSocket has nothing left to watch: once its 101 is out, both handlers leave the pipeline
     * (not at the 101 itself, while the upgrade is still rebuilding the pipeline around them).
     */
    private void leave(ChannelPipeline pipeline) {
        for (ChannelHandler handler : new ChannelHandler[] {bytes, messages}) {
            if (pipeline.context(handler) != null) {
                pipeline.remove(handler);
            }
        }
    }

    /** True when the bytes make a request line too long to accept. */
    private boolean onBytes(ByteBuf bytes) {
        if (!headersStarted && !readingBody && responsesPending == 0) {
            // The first byte of the next request; bytes sent while a response is still being
            // written are pipelined and wait their turn, they start no clock.
            headersStarted = true;
            inRequestLine = true;
            lineBytes = 0;
            subscribeLine = true;
            deadlineIn(headerNanos);
        }
        return inRequestLine && lineTooLong(bytes);
    }

    private boolean lineTooLong(ByteBuf bytes) {
        int start = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (lineBytes == 0 && start < end && (bytes.getByte(start) == '\r' || bytes.getByte(start) == '\n')) {
            start++; // blank lines before a request are allowed (RFC 9112 section 2.2)
        }
        int lineFeed = bytes.indexOf(start, end, (byte) '\n');
        int stop = lineFeed < 0 ? end : lineFeed;
        for (int i = start; i < stop && lineBytes + i - start < subscribePrefix.length; i++) {
            if (bytes.getByte(i) != subscribePrefix[lineBytes + i - start]) {
                subscribeLine = false;
            }
        }
        lineBytes += stop - start;
        if (lineFeed >= 0) {
            inRequestLine = false;
        }
        return !subscribeLine && lineBytes > RequestLine.MAX_BYTES;
    }

    private void onRequestPart(Object message) {
        if (message instanceof HttpRequest) {
            headersStarted = false;
            inRequestLine = false;
            readingBody = true;
            responsesPending++;
            deadlineIn(bodyNanos);
        }
        if (message instanceof LastHttpContent) {
            readingBody = false;
            if (responsesPending == 0) {
                deadlineIn(keepAliveNanos); // answered before its body was read
            } else {
                deadline = NONE;
            }
        }
    }

    /** True when the response upgrades the connection to a WebSocket. */
    private boolean onResponsePart(Object message) {
        if (message instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            if (response.status().code() == 101) {
                unwatch(); // a WebSocket now: its own pings find dead peers
                return true;
            }
            return false; // 100 Continue and other interim answers do not end an exchange
        }
        if (message instanceof LastHttpContent) {
            responsesPending = Math.max(0, responsesPending - 1);
            if (!readingBody && responsesPending == 0) {
                deadlineIn(keepAliveNanos);
            }
        }
        return false;
    }

    private void unwatch() {
        unwatched = true;
        deadline = NONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /**
     * Moves the deadline. One timer per connection: it is moved only when the new deadline comes
     * sooner; a later one is picked up when the timer fires.
     */
    private void deadlineIn(long nanos) {
        long now = System.nanoTime();
        deadline = now + nanos;
        if (timer == null || timerAt - deadline > 0) {
            if (timer != null) {
                timer.cancel(false);
            }
            arm(now);
        }
    }

    private void arm(long now) {
        timerAt = deadline;
        timer = channel.eventLoop().schedule(this::expire, deadline - now, TimeUnit.NANOSECONDS);
    }

    private void expire() {
        timer = null;
        if (deadline == NONE || unwatched) {
            return;
        }
        long now = System.nanoTime();
        if (now - deadline >= 0) {
            unwatch();
            channel.close();
        } else {
            arm(now);
        }
    }
}
