package dev.herald.loadtest.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Chunked bodies (RFC 9112 §7.1) decode the same whatever bytes each read ends at. */
class ChunkedDecoderTest {

    private static final String BODY = "5\r\nhello\r\n1;name=value\r\n \r\nB\r\nworld, and \r\n6\r\nmore\r\n\r\n"
            + "0\r\nTrailer: x\r\n\r\n";
    private static final String DECODED = "hello world, and more\r\n";
    private static final String AFTER = "next";

    @Test
    void aBodyCutInTwoAtEveryBytePositionDecodesWhole() {
        byte[] wire = (BODY + AFTER).getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= BODY.length(); cut++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            ChunkedDecoder decoder = new ChunkedDecoder((bytes, from, to) -> body.write(bytes, from, to - from));
            int end = decoder.feed(wire, 0, cut);
            if (end < 0) {
                end = decoder.feed(wire, cut, wire.length);
            }
            assertEquals(DECODED, body.toString(StandardCharsets.US_ASCII), "cut at " + cut);
            assertEquals(BODY.length(), end, "cut at " + cut);
            assertTrue(decoder.done());
        }
    }

    @Test
    void aBodyReadByteByByteDecodesWhole() {
        byte[] wire = BODY.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ChunkedDecoder decoder = new ChunkedDecoder((bytes, from, to) -> body.write(bytes, from, to - from));
        for (int i = 0; i < wire.length; i++) {
            assertEquals(i == wire.length - 1 ? i + 1 : -1, decoder.feed(wire, i, i + 1));
        }
        assertEquals(DECODED, body.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void malformedFramingIsAnError() {
        for (String wire : new String[] {"x\r\n", "5\r\nhelloX\r\n", "\r\n", "FFFFFFFFFFFF\r\n"}) {
            ChunkedDecoder decoder = new ChunkedDecoder((bytes, from, to) -> { });
            byte[] bytes = wire.getBytes(StandardCharsets.US_ASCII);
            assertThrows(IllegalStateException.class, () -> decoder.feed(bytes, 0, bytes.length), wire);
        }
    }
}
