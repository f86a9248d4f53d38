package dev.herald.loadtest.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.loadtest.calibrate.HeraldWire;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server frames (RFC 6455 §5) read the same whatever bytes each read ends at. */
class WebSocketFrameReaderTest {

    private static final String LONG = "x".repeat(300);
    private static final String HUGE = "y".repeat(70_000);

    /** Text, a 16-bit length, a fragmented message with a ping between its fragments, a 64-bit length, a close. */
    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(frame(0x81, "one"));
        out.writeBytes(frame(0x82, LONG));
        out.writeBytes(frame(0x01, "frag"));
        out.writeBytes(frame(0x89, "are you there"));
        out.writeBytes(frame(0x00, "men"));
        out.writeBytes(frame(0x8A, "unsolicited pong"));
        out.writeBytes(frame(0x80, "ted"));
        out.writeBytes(frame(0x81, ""));
        out.writeBytes(frame(0x81, HUGE));
        out.writeBytes(frame(0x88, "\u0003\u00e9going away"));
        return out.toByteArray();
    }

    private static final List<String> EXPECTED = List.of("one", LONG, "ping:are you there", "fragmented", "",
            HUGE, "close:1001 going away");

    @Test
    void framesCutInTwoAtEveryBytePositionReadWhole() {
        byte[] wire = stream();
        // Every cut within the small frames, and around each header of the large ones.
        for (int cut = 0; cut <= wire.length; cut = cut < 400 || cut > wire.length - 400 ? cut + 1 : cut + 997) {
            List<String> read = new ArrayList<>();
            WebSocketFrameReader reader = new WebSocketFrameReader(recorder(read));
            reader.feed(wire, 0, cut);
            reader.feed(wire, cut, wire.length);
            assertEquals(EXPECTED, read, "cut at " + cut);
        }
    }

    @Test
    void framesReadByteByByteReadWhole() {
        byte[] wire = stream();
        List<String> read = new ArrayList<>();
        WebSocketFrameReader reader = new WebSocketFrameReader(recorder(read));
        for (int i = 0; i < wire.length; i++) {
            reader.feed(wire, i, i + 1);
        }
        assertEquals(EXPECTED, read);
    }

    @Test
    void protocolErrorsAreErrors() {
        byte[] masked = {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'a'};
        byte[] strayContinuation = frame(0x80, "x");
        byte[] reservedOpcode = frame(0x83, "x");
        byte[] reservedBit = frame(0xC1, "x");
        byte[] fragmentedPing = frame(0x09, "x");
        byte[] interleaved = concat(frame(0x01, "a"), frame(0x81, "b"));
        for (byte[] wire : List.of(masked, strayContinuation, reservedOpcode, reservedBit, fragmentedPing, interleaved)) {
            WebSocketFrameReader reader = new WebSocketFrameReader(recorder(new ArrayList<>()));
            assertThrows(IllegalStateException.class, () -> reader.feed(wire, 0, wire.length));
        }
    }

    @Test
    void clientFramesAreMaskedAndUnmaskToThePayload() {
        for (String text : List.of("", "2", LONG, HUGE)) {
            byte[] frame = WebSocketWire.maskedFrame(WebSocketWire.TEXT, text.getBytes(StandardCharsets.UTF_8));
            assertEquals(0x81, frame[0] & 0xff);
            assertEquals(0x80, frame[1] & 0x80);
            assertEquals(text, unmask(frame));
        }
    }

    /** The payload of a masked frame, for the tests that play the server. */
    static String unmask(byte[] frame) {
        int length7 = frame[1] & 0x7f;
        int header = length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
        byte[] payload = new byte[frame.length - header - 4];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (frame[header + 4 + i] ^ frame[header + (i & 3)]);
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static WebSocketFrameReader.Listener recorder(List<String> read) {
        return new WebSocketFrameReader.Listener() {
            @Override
            public void onMessage(byte[] bytes, int length) {
                read.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
            }

            @Override
            public void onPing(byte[] payload, int length) {
                read.add("ping:" + new String(payload, 0, length, StandardCharsets.UTF_8));
            }

            @Override
            public void onClose(int code, String reason) {
                read.add("close:" + code + " " + reason);
            }
        };
    }

    private static byte[] frame(int firstByte, String text) {
        return HeraldWire.serverFrame(firstByte, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
