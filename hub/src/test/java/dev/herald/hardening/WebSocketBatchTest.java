package dev.herald.hardening;

import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The updates a WebSocket connection gets in one batch (a replay, a burst of publishes) leave the
 * hub as one write of whole frames: each must still reach the client as its own complete message,
 * in order, however the bytes are cut on the way, and between the frames the hub writes otherwise.
 */
class WebSocketBatchTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Payloads on each side of the 7-bit, 16-bit and 64-bit frame lengths. */
    private static final int[] DATA_SIZES = {10, 120, 126, 300, 65_530, 70_000};

    @Test
    void updatesOfOneBatchArriveAsSeparateCompleteMessagesInOrderThroughASlowReader() throws IOException {
        try (TestHub hub = TestHub.start("--anonymous", "--history-size", "1000")) {
            List<String> data = publish(hub, 120);
            // A 2 KiB window and one frame read at a time: the frames reach the client cut anywhere.
            try (RawWebSocket client = RawWebSocket.open(hub.port(), "topic=books&lastEventID=earliest", null, 2048)) {
                for (int i = 0; i < data.size(); i++) {
                    JsonObject update = nextMessage(client, "update");
                    assertEquals("book-" + i, update.getString("id"));
                    assertEquals(data.get(i), update.getString("data"), "update " + i);
                }
            }
        }
    }

    @Test
    void repliesWrittenDuringAReplayKeepTheirPlaceAmongTheUpdates() throws IOException {
        try (TestHub hub = TestHub.start("--anonymous", "--history-size", "5000", "--publish-rate-limit", "0")) {
            int count = 3000;
            for (int i = 0; i < count; i++) {
                hub.publish().topic("books").id("book-" + i).data("update " + i).sendOk();
            }
            try (RawWebSocket client = RawWebSocket.open(hub.port(), "topic=books&lastEventID=earliest", null)) {
                // Commands land while the replay is written page by page: their answers go between updates.
                for (int ref = 0; ref < 20; ref++) {
                    client.sendText(new JsonObject().put("type", "ping").put("ref", String.valueOf(ref)).encode());
                }
                int updates = 0;
                int pongs = 0;
                while (updates < count || pongs < 20) {
                    JsonObject message = new JsonObject(client.nextText(WAIT));
                    switch (message.getString("type")) {
                        case "update" -> assertEquals("book-" + updates++, message.getString("id"));
                        case "pong" -> assertEquals(String.valueOf(pongs++), message.getString("ref"));
                        default -> { }
                    }
                }
            }
        }
    }

    @Test
    void aPeerLeavingMidBatchEndsOnlyItsOwnConnection() throws IOException {
        try (TestHub hub = TestHub.start("--anonymous", "--history-size", "5000", "--publish-rate-limit", "0")) {
            for (int i = 0; i < 2000; i++) {
                hub.publish().topic("books").id("book-" + i).data("x".repeat(200)).sendOk();
            }
            try (WsClient bystander = WsClient.connect(hub, "topic=books")) {
                bystander.next("subscribed");
                for (int round = 0; round < 5; round++) {
                    // Resets its connection while its replay is being written.
                    RawWebSocket leaving = RawWebSocket.open(hub.port(), "topic=books&lastEventID=earliest", null, 4096);
                    leaving.nextText(WAIT);
                    leaving.reset();
                }
                hub.publish().topic("books").id("after").data("still here").sendOk();
                assertEquals("after", bystander.next("update").getString("id"));
                try (WsClient late = WsClient.connect(hub, "topic=books")) {
                    late.next("subscribed");
                    hub.publish().topic("books").id("later").data("still serving").sendOk();
                    assertEquals("later", late.next("update").getString("id"));
                }
            }
        }
    }

    @Test
    void aReaderThatFallsBehindGetsWhatWasQueuedThenTheSlowConsumerCloseFrame() throws IOException {
        try (TestHub hub = TestHub.start("--anonymous", "--max-queue-bytes", "64KiB", "--publish-rate-limit", "0",
                "--pong-timeout", "30s");
             RawWebSocket stalled = RawWebSocket.open(hub.port(), "topic=books", null, 4096)) {
            hub.awaitSubscriberCount(1);
            String payload = "x".repeat(32 * 1024);
            for (int i = 0; i < 300 && hub.subscriberCount() > 0; i++) {
                hub.publish().topic("books").id("book-" + i).data(payload).sendOk();
            }
            hub.awaitSubscriberCount(0);
            int next = 0;
            RawWebSocket.Frame frame;
            while ((frame = nextFrame(stalled)).opcode() != RawWebSocket.CLOSE) {
                if (frame.opcode() == RawWebSocket.TEXT) {
                    JsonObject message = new JsonObject(frame.text());
                    if ("update".equals(message.getString("type"))) {
                        assertEquals("book-" + next++, message.getString("id"), "updates before the close, in order");
                    }
                }
            }
            assertTrue(next > 0, "some updates were queued before the queue overflowed");
            assertEquals(4008, frame.closeCode());
            assertEquals("slow_consumer", frame.closeReason());
        }
    }

    @Test
    void compressionIsNegotiatedOnlyWhenEnabledAndUpdatesArriveWholeEitherWay() throws IOException {
        String offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
        for (boolean enabled : new boolean[] {false, true}) {
            // One inflater for the connection: each message may refer back into the ones before.
            Inflater inflater = new Inflater(true);
            try (TestHub hub = TestHub.start("--anonymous", "--websocket-compression", String.valueOf(enabled));
                 RawWebSocket client = RawWebSocket.open(hub.port(), "topic=books", null, 64 * 1024, offer)) {
                assertEquals(enabled, client.responseHead().toLowerCase().contains("permessage-deflate"),
                        client.responseHead());
                assertEquals("subscribed", new JsonObject(text(nextTextFrame(client), inflater)).getString("type"));
                String data = "a compressible line. ".repeat(200);
                hub.publish().topic("books").id("book-1").data(data).sendOk();
                hub.publish().topic("books").id("book-2").data(data).sendOk();
                for (String id : List.of("book-1", "book-2")) {
                    RawWebSocket.Frame frame = nextTextFrame(client);
                    assertEquals(enabled, frame.compressed(), "RSV1 of " + id);
                    JsonObject update = new JsonObject(text(frame, inflater));
                    assertEquals(id, update.getString("id"));
                    assertEquals(data, update.getString("data"));
                    if (enabled) {
                        assertTrue(frame.payload().length < data.length() / 4, "compressed to " + frame.payload().length);
                    }
                }
            } finally {
                inflater.end();
            }
        }
    }

    private static List<String> publish(TestHub hub, int count) {
        List<String> data = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = ("update " + i + " ").repeat(DATA_SIZES[i % DATA_SIZES.length] / 8 + 1)
                    .substring(0, DATA_SIZES[i % DATA_SIZES.length]);
            hub.publish().topic("books").id("book-" + i).data(text).sendOk();
            data.add(text);
        }
        return data;
    }

    /** The next message of {@code type}, skipping pings; every frame must be a whole text message. */
    private static JsonObject nextMessage(RawWebSocket client, String type) throws IOException {
        while (true) {
            JsonObject message = new JsonObject(nextTextFrame(client).text());
            if (type.equals(message.getString("type"))) {
                return message;
            }
        }
    }

    private static RawWebSocket.Frame nextFrame(RawWebSocket client) throws IOException {
        RawWebSocket.Frame frame = client.next(WAIT);
        assertFalse(frame == null, "the hub ended the connection without a close frame");
        return frame;
    }

    private static RawWebSocket.Frame nextTextFrame(RawWebSocket client) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = client.next(WAIT);
            assertFalse(frame == null || frame.opcode() == RawWebSocket.CLOSE, "the hub closed the connection");
            assertTrue(frame.opcode() == RawWebSocket.TEXT || frame.opcode() == RawWebSocket.PING,
                    "opcode " + frame.opcode());
            if (frame.opcode() == RawWebSocket.TEXT) {
                return frame;
            }
        }
    }

    /**
     * The frame's text, inflated when it is a compressed message: RFC 7692 section 7.2.2, the
     * message continues the connection's DEFLATE stream once 00 00 ff ff is appended.
     */
    private static String text(RawWebSocket.Frame frame, Inflater inflater) {
        if (!frame.compressed()) {
            return frame.text();
        }
        byte[] payload = frame.payload();
        try {
            byte[] input = new byte[payload.length + 4];
            System.arraycopy(payload, 0, input, 0, payload.length);
            input[payload.length + 2] = (byte) 0xFF;
            input[payload.length + 3] = (byte) 0xFF;
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            while (!inflater.needsInput()) {
                out.write(chunk, 0, inflater.inflate(chunk));
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new AssertionError("not a DEFLATE stream", e);
        }
    }
}
