package dev.herald.loadtest.target;

import dev.herald.loadtest.wire.HttpBody;
import dev.herald.loadtest.wire.HttpResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * A subscriber's own TCP connection, a plain Netty channel on a receiving event loop with this
 * as its only handler, that speaks HTTP/1.1 itself: it writes one request, reads the response
 * head, then hands every later byte to the {@link Reader} its protocol chose (an event stream,
 * WebSocket frames). Each read is scanned in the array of its buffer or copied once into a
 * reused one: no HTTP codec, message object or Vert.x stream per read, which is what a
 * subscriber costs the generator at one event per read. An answer with another status than
 * expected fails the opening with the status and the start of its body; a connection dropped
 * or a malformed stream afterwards is reported to the sink once, with its cause. Confined to
 * the channel's event loop, apart from {@link #close()}.
 */
final class RawSocket extends ChannelInboundHandlerAdapter implements Subscription {

    /** Reads the bytes after the response head: {@code bytes[from, to)}, valid only during the call. */
    interface Reader {
        void read(byte[] bytes, int from, int to);
    }

    /** How much of a refusal's body the failure quotes. */
    private static final int REFUSAL_BODY_BYTES = 1024;

    private final String request;
    /** Set once connected, on the event loop; volatile for {@link #close()} from other threads. */
    private volatile Channel socket;
    private final EventSink sink;
    private final int expectedStatus;
    private final BiFunction<RawSocket, HttpResponseHead, Reader> readerForHead;
    private final Promise<RawSocket> opened = Promise.promise();
    private final HttpResponseHead head = new HttpResponseHead();
    private byte[] copy = new byte[8192];
    private Reader reader;
    private HttpBody refusalBody;
    private final ByteArrayOutputStream refusal = new ByteArrayOutputStream();
    private byte[] goodbye;
    private String lastError;
    private volatile boolean closing;
    /** Set once the connection failed or was lost: later bytes are not read. */
    private boolean ended;

    private RawSocket(String request, EventSink sink, int expectedStatus,
            BiFunction<RawSocket, HttpResponseHead, Reader> readerForHead) {
        this.request = request;
        this.sink = sink;
        this.expectedStatus = expectedStatus;
        this.readerForHead = readerForHead;
    }

    /**
     * Connects to node {@code node}, writes {@code request} and completes once the response head
     * has come with {@code expectedStatus} and {@code readerForHead} accepted it; that function
     * may refuse the head by throwing {@link IllegalStateException} with the reason.
     */
    static Future<RawSocket> open(Connections connections, int node, String request, int expectedStatus, EventSink sink,
            BiFunction<RawSocket, HttpResponseHead, Reader> readerForHead) {
        RawSocket socket = new RawSocket(request, sink, expectedStatus, readerForHead);
        connections.connectSubscriber(node, socket).addListener(connected -> {
            if (!connected.isSuccess()) {
                socket.opened.tryFail(connected.cause());
            }
        });
        return socket.opened.future();
    }

    /** A GET request head; header lines are {@code "Name: value"}, null ones left out. */
    static String get(Endpoint server, String uri, String... headerLines) {
        StringBuilder request = new StringBuilder("GET ").append(uri).append(" HTTP/1.1\r\nHost: ")
                .append(server.host()).append(':').append(server.port()).append("\r\n");
        for (String line : headerLines) {
            if (line != null) {
                if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a header line may not hold CR or LF: " + HttpStreams.abbreviate(line));
                }
                request.append(line).append("\r\n");
            }
        }
        return request.append("\r\n").toString();
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        socket = context.channel();
        socket.writeAndFlush(Unpooled.wrappedBuffer(request.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        onMessage(message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        lastError = cause.getMessage();
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        onClosed();
    }

    void write(byte[] bytes) {
        socket.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    /** Bytes to write before closing the connection from this side (a WebSocket close frame). */
    void sayOnClose(byte[] bytes) {
        goodbye = bytes;
    }

    /** Ends the subscription from the server's side: reported once, unless closing was ours. */
    void lost(String reason) {
        if (!ended && !closing && opened.future().succeeded()) {
            sink.onLost(reason);
        }
        ended = true;
        socket.close();
    }

    @Override
    public Future<Void> close() {
        closing = true;
        if (goodbye != null) {
            write(goodbye);
        }
        Promise<Void> closed = Promise.promise();
        socket.close().addListener(ignored -> closed.complete());
        return closed.future();
    }

    private void onMessage(Object message) {
        if (!(message instanceof ByteBuf buffer)) {
            ReferenceCountUtil.release(message);
            return;
        }
        try {
            int length = buffer.readableBytes();
            if (buffer.hasArray()) {
                onBytes(buffer.array(), buffer.arrayOffset() + buffer.readerIndex(), buffer.arrayOffset() + buffer.readerIndex() + length);
            } else {
                if (copy.length < length) {
                    copy = new byte[Math.max(length, copy.length * 2)];
                }
                buffer.getBytes(buffer.readerIndex(), copy, 0, length);
                onBytes(copy, 0, length);
            }
        } catch (IllegalStateException e) {
            fail(e.getMessage());
        } finally {
            buffer.release();
        }
    }

    private void onBytes(byte[] bytes, int from, int to) {
        if (ended) {
            return;
        }
        if (reader != null) {
            reader.read(bytes, from, to);
        } else if (refusalBody != null) {
            readRefusal(bytes, from, to);
        } else {
            int bodyStart = head.feed(bytes, from, to);
            if (bodyStart >= 0) {
                onHead(bytes, bodyStart, to);
            }
        }
    }

    private void onHead(byte[] bytes, int bodyStart, int to) {
        if (head.status() != expectedStatus) {
            refusalBody = new HttpBody(head, (b, from, end) ->
                    refusal.write(b, from, Math.min(end - from, Math.max(0, REFUSAL_BODY_BYTES - refusal.size()))));
            readRefusal(bytes, bodyStart, to);
            return;
        }
        reader = readerForHead.apply(this, head);
        opened.complete(this);
        if (bodyStart < to) {
            reader.read(bytes, bodyStart, to);
        }
    }

    private void readRefusal(byte[] bytes, int from, int to) {
        if (refusalBody.feed(bytes, from, to) || refusal.size() >= REFUSAL_BODY_BYTES) {
            fail(refusalReason());
        }
    }

    private String refusalReason() {
        return "HTTP " + head.status() + " " + HttpStreams.abbreviate(refusal.toString(StandardCharsets.UTF_8));
    }

    /** A failure before the subscription opened fails the opening; after, it is a loss. */
    private void fail(String reason) {
        if (opened.tryFail(reason)) {
            ended = true;
            socket.close();
        } else {
            lost(reason);
        }
    }

    private void onClosed() {
        String cause = lastError == null ? "" : " (" + lastError + ")";
        if (refusalBody != null) {
            opened.tryFail(refusalReason());
        } else if (!opened.future().isComplete()) {
            opened.tryFail("connection closed by peer before the response head" + cause);
        }
        lost("connection closed by peer" + cause);
    }
}
