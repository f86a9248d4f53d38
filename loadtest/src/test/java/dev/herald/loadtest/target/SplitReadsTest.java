package dev.herald.loadtest.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.loadtest.calibrate.HeraldWire;
import dev.herald.loadtest.measure.Payload;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fake Herald that cuts every event in two at a different byte each time, so each half
 * reaches the reader on its own: either as a chunk boundary (SSE) or a WebSocket fragment
 * boundary ({@link Cut#PAYLOAD}), or anywhere in the bytes on the wire, chunk-size line and
 * frame header included, written in two writes ({@link Cut#WIRE}): every event must still
 * arrive whole, once, in order, with its id.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SplitReadsTest {

    private static final int PAYLOAD_BYTES = 100;
    private static final Payload PAYLOAD = new Payload(PAYLOAD_BYTES);

    private Vertx vertx;
    private NetServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createNetServer().connectHandler(this::serve).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Where events are cut. */
    enum Cut { PAYLOAD, WIRE }

    private volatile Cut cut;

    static Stream<Arguments> cases() {
        return Stream.of(TransportKind.SSE, TransportKind.WEBSOCKET)
                .flatMap(transport -> Stream.of(Cut.values()).map(cut -> Arguments.of(transport, cut)));
    }

    @ParameterizedTest(name = "{0}, cut in the {1}")
    @MethodSource("cases")
    void everyEventCutAtEveryBytePositionArrivesWhole(TransportKind transport, Cut cut) throws Exception {
        this.cut = cut;
        int events = eventCount(transport);
        URI url = URI.create("http://127.0.0.1:" + server.actualPort());
        Connections connections = new Connections(vertx, vertx, List.of(url), url, List.of(), 5000);
        Recorder recorder = new Recorder(events);

        new HeraldTarget(connections, transport, "none").subscribe(0, List.of("t0"), null, recorder)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        List<String> received = recorder.all.get(20, TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        for (int sequence = 1; sequence <= events; sequence++) {
            expected.add(id(sequence) + " " + sequence);
        }
        assertEquals(expected, received);
        assertEquals(0, recorder.foreign);
    }

    /** Answers the subscribe, then writes each event in two pieces cut at a byte that moves along it. */
    private void serve(NetSocket socket) {
        StringBuilder head = new StringBuilder();
        socket.handler(bytes -> {
            if (head.indexOf("\r\n\r\n") >= 0) {
                return;
            }
            head.append(bytes.toString(StandardCharsets.ISO_8859_1));
            if (head.indexOf("\r\n\r\n") < 0) {
                return;
            }
            String key = HeraldWire.header(head.toString(), "sec-websocket-key");
            TransportKind transport = key == null ? TransportKind.SSE : TransportKind.WEBSOCKET;
            socket.write(key == null ? HeraldWire.SSE_RESPONSE_HEAD : HeraldWire.webSocketResponseHead(key));
            int events = eventCount(transport);
            for (int sequence = 1; sequence <= events; sequence++) {
                if (cut == Cut.WIRE) {
                    writeWireCut(socket, sequence, transport);
                } else {
                    writeCut(socket, sequence, transport);
                }
            }
        });
    }

    /** Enough events that the cut passes every byte of one. */
    private static int eventCount(TransportKind transport) {
        return wire(1, transport).length + 10;
    }

    /** One event as it is on the wire (one chunk, one frame), written in two pieces cut at a byte that moves along it. */
    private static void writeWireCut(NetSocket socket, int sequence, TransportKind transport) {
        byte[] wire = wire(sequence, transport);
        int cut = 1 + (sequence - 1) % (wire.length - 1);
        socket.write(Buffer.buffer(slice(wire, 0, cut)));
        socket.write(Buffer.buffer(slice(wire, cut, wire.length)));
    }

    private static byte[] wire(int sequence, TransportKind transport) {
        return transport == TransportKind.SSE
                ? HeraldWire.chunk(event(sequence, transport))
                : HeraldWire.serverFrame(0x81, json(sequence).getBytes(StandardCharsets.US_ASCII));
    }

    private static void writeCut(NetSocket socket, int sequence, TransportKind transport) {
        if (transport == TransportKind.SSE) {
            byte[] event = event(sequence, transport);
            int cut = 1 + (sequence - 1) % (event.length - 1);
            socket.write(Buffer.buffer(HeraldWire.chunk(slice(event, 0, cut))));
            socket.write(Buffer.buffer(HeraldWire.chunk(slice(event, cut, event.length))));
            return;
        }
        // One message as two frames: a text frame that is not final, then its final continuation.
        byte[] message = json(sequence).getBytes(StandardCharsets.US_ASCII);
        int cut = 1 + (sequence - 1) % (message.length - 1);
        socket.write(Buffer.buffer(HeraldWire.serverFrame(0x01, slice(message, 0, cut))));
        socket.write(Buffer.buffer(HeraldWire.serverFrame(0x80, slice(message, cut, message.length))));
    }

    private static byte[] event(int sequence, TransportKind transport) {
        StringBuilder out = new StringBuilder();
        if (transport == TransportKind.SSE) {
            HeraldWire.sseEvent(out, id(sequence), data(sequence));
        } else {
            out.append(json(sequence));
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String json(int sequence) {
        StringBuilder frame = HeraldWire.webSocketUpdate(new StringBuilder(), id(sequence), data(sequence));
        return frame.substring(frame.indexOf("{"));
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        byte[] slice = new byte[to - from];
        System.arraycopy(bytes, from, slice, 0, slice.length);
        return slice;
    }

    private static String id(int sequence) {
        return "urn:uuid:" + sequence;
    }

    private static String data(int sequence) {
        return PAYLOAD.encode(0, 0, sequence, 1);
    }

    /** Keeps "id sequence" of each event; completes once all arrived. Confined to the connection's loop. */
    private static final class Recorder implements EventSink {

        final CompletableFuture<List<String>> all = new CompletableFuture<>();
        private final List<String> received = new ArrayList<>();
        private final Payload.Fields fields = new Payload.Fields();
        private final int expected;
        int foreign;

        Recorder(int expected) {
            this.expected = expected;
        }

        @Override
        public void onEvent(byte[] id, int idFrom, int idTo, byte[] data, int dataFrom, int dataTo) {
            if (!PAYLOAD.matches(data, dataFrom, dataTo, fields)) {
                foreign++;
                return;
            }
            received.add(new String(id, idFrom, idTo - idFrom, StandardCharsets.US_ASCII) + " " + fields.sequence);
            if (received.size() == expected) {
                all.complete(received);
            }
        }

        @Override
        public void onLost(String reason) {
            all.completeExceptionally(new AssertionError("lost: " + reason));
        }
    }
}
