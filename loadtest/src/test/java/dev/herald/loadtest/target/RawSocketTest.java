package dev.herald.loadtest.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.loadtest.calibrate.HeraldWire;
import dev.herald.loadtest.wire.WebSocketWire;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscriber connections against a scripted server on a real socket: refusals fail the
 * subscribe with their status and body, a wrong handshake names its cause, a server that ends
 * the stream or closes is reported as a loss with its reason, pings are answered with masked
 * pongs and a close with a masked close.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawSocketTest {

    private Vertx vertx;
    /** What the server does once it has a request head: the socket and the head's text. */
    private volatile BiConsumer<NetSocket, String> script;
    private Connections connections;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        NetServer server = vertx.createNetServer().connectHandler(this::serve).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        URI url = URI.create("http://127.0.0.1:" + server.actualPort());
        connections = new Connections(vertx, vertx, List.of(url), url, List.of(), 5000);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedEventStreamFailsWithItsStatusAndBody() {
        script = (socket, head) -> socket.write("HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n"
                + new String(HeraldWire.chunk("missing token".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII)
                + "0\r\n\r\n");
        assertEquals("HTTP 401 missing token", failure(subscribe(TransportKind.SSE, new Sink())));
    }

    @Test
    void aRefusedWebSocketFailsWithItsStatusAndBody() {
        script = (socket, head) -> socket.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 6\r\n\r\nno way");
        assertEquals("HTTP 403 no way", failure(subscribe(TransportKind.WEBSOCKET, new Sink())));
    }

    @Test
    void aWrongAcceptFailsTheHandshake() {
        script = (socket, head) -> socket.write(HeraldWire.webSocketResponseHead("not the key"));
        assertTrue(failure(subscribe(TransportKind.WEBSOCKET, new Sink())).contains("Sec-WebSocket-Accept"));
    }

    @Test
    void aServerThatClosesBeforeAnsweringFailsTheSubscribe() {
        script = (socket, head) -> socket.close();
        assertTrue(failure(subscribe(TransportKind.SSE, new Sink())).startsWith("connection closed by peer before the response head"));
    }

    @Test
    void aRefusedConnectionFailsTheSubscribe() throws Exception {
        URI closed = URI.create("http://127.0.0.1:1");
        Connections nowhere = new Connections(vertx, vertx, List.of(closed), closed, List.of(), 5000);
        String reason = failure(new HeraldTarget(nowhere, TransportKind.SSE, "none").subscribe(0, List.of("t0"), null, new Sink()));
        assertTrue(reason.contains("refused"), reason);
    }

    @Test
    void theEndOfAnEventStreamIsALoss() throws Exception {
        script = (socket, head) -> socket.write(HeraldWire.SSE_RESPONSE_HEAD + "0\r\n\r\n");
        Sink sink = new Sink();
        subscribe(TransportKind.SSE, sink);
        assertEquals("stream ended", sink.lost.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aClosedConnectionIsALoss() throws Exception {
        script = (socket, head) -> socket.write(HeraldWire.SSE_RESPONSE_HEAD).onComplete(ignored -> socket.close());
        Sink sink = new Sink();
        subscribe(TransportKind.SSE, sink);
        assertTrue(sink.lost.get(10, TimeUnit.SECONDS).startsWith("connection closed by peer"));
    }

    @Test
    void closingFromOurSideIsNoLoss() throws Exception {
        CompletableFuture<String> closeFrame = new CompletableFuture<>();
        script = (socket, head) -> {
            socket.write(HeraldWire.webSocketResponseHead(HeraldWire.header(head, "sec-websocket-key")));
            socket.handler(bytes -> closeFrame.complete(Integer.toHexString(bytes.getByte(0) & 0xff)));
        };
        Sink sink = new Sink();
        Subscription subscription = await(subscribe(TransportKind.WEBSOCKET, sink));
        await(subscription.close());
        assertEquals("88", closeFrame.get(10, TimeUnit.SECONDS));
        assertTrue(!sink.lost.isDone());
    }

    @Test
    void pingsAreAnsweredAndACloseIsRepliedToAndReported() throws Exception {
        CompletableFuture<String> pong = new CompletableFuture<>();
        CompletableFuture<String> closeReply = new CompletableFuture<>();
        script = (socket, head) -> {
            socket.write(HeraldWire.webSocketResponseHead(HeraldWire.header(head, "sec-websocket-key")));
            socket.write(Buffer.buffer(new byte[] {(byte) 0x89, 4, 'p', 'i', 'n', 'g'}));
            Buffer received = Buffer.buffer();
            socket.handler(bytes -> {
                received.appendBuffer(bytes);
                byte[] frames = received.getBytes();
                if (!pong.isDone() && frames.length >= 10) {
                    pong.complete(Integer.toHexString(frames[0] & 0xff) + " " + unmask(frames, 0, 10));
                    socket.write(Buffer.buffer(new byte[] {(byte) 0x88, 4, 0x03, (byte) 0xe9, 'b', 'y'}));
                }
                if (frames.length >= 18) {
                    closeReply.complete(Integer.toHexString(frames[10] & 0xff) + " " + (((frames[16] ^ frames[12]) & 0xff) << 8
                            | ((frames[17] ^ frames[13]) & 0xff)));
                }
            });
        };
        Sink sink = new Sink();
        subscribe(TransportKind.WEBSOCKET, sink);
        assertEquals("8a ping", pong.get(10, TimeUnit.SECONDS));
        assertEquals("websocket closed by peer (1001 by)", sink.lost.get(10, TimeUnit.SECONDS));
        assertEquals("88 1001", closeReply.get(10, TimeUnit.SECONDS));
    }

    /** The payload of the masked frame {@code bytes[from, to)} with a 7-bit length. */
    private static String unmask(byte[] bytes, int from, int to) {
        byte[] frame = Arrays.copyOfRange(bytes, from, to);
        byte[] payload = new byte[frame.length - 6];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (frame[6 + i] ^ frame[2 + (i & 3)]);
        }
        return new String(payload, StandardCharsets.US_ASCII);
    }

    private void serve(NetSocket socket) {
        StringBuilder head = new StringBuilder();
        socket.handler(bytes -> {
            head.append(bytes.toString(StandardCharsets.ISO_8859_1));
            if (head.indexOf("\r\n\r\n") >= 0) {
                socket.handler(null);
                script.accept(socket, head.toString());
            }
        });
    }

    private Future<Subscription> subscribe(TransportKind transport, EventSink sink) {
        return new HeraldTarget(connections, transport, "none").subscribe(0, List.of("t0"), null, sink);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String failure(Future<?> future) {
        try {
            await(future);
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the subscribe succeeded");
    }

    /** Records the loss; events do not concern these tests. */
    private static final class Sink implements EventSink {

        final CompletableFuture<String> lost = new CompletableFuture<>();

        @Override
        public void onEvent(byte[] id, int idFrom, int idTo, byte[] data, int dataFrom, int dataTo) {
        }

        @Override
        public void onLost(String reason) {
            lost.complete(reason);
        }
    }
}
