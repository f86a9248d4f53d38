package dev.herald.loadtest.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A response head read over any reads: status, fields by any case, how the body is framed. */
class HttpResponseHeadTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "transfer-encoding: chunked\r\nX-Empty:\r\n\r\n";

    @Test
    void aHeadCutInTwoAtEveryBytePositionReadsWhole() {
        byte[] wire = (HEAD + "5\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= HEAD.length(); cut++) {
            HttpResponseHead head = new HttpResponseHead();
            int bodyStart = head.feed(wire, 0, cut);
            if (bodyStart < 0) {
                assertFalse(head.complete());
                bodyStart = head.feed(wire, cut, wire.length);
            }
            assertEquals(HEAD.length(), bodyStart, "cut at " + cut);
            assertEquals(200, head.status());
            assertEquals("text/event-stream", head.header("CONTENT-TYPE"));
            assertEquals("", head.header("x-empty"));
            assertNull(head.header("content-length"));
            assertTrue(head.chunked());
            assertEquals(-1, head.contentLength());
        }
    }

    @Test
    void bareLineFeedsEndTheHeadToo() {
        byte[] wire = "HTTP/1.0 404 Not Found\nContent-Length: 9\n\nnot found".getBytes(StandardCharsets.US_ASCII);
        HttpResponseHead head = new HttpResponseHead();
        assertEquals(wire.length - 9, head.feed(wire, 0, wire.length));
        assertEquals(404, head.status());
        assertFalse(head.chunked());
        assertEquals(9, head.contentLength());
    }

    @Test
    void somethingElseThanHttpIsAnError() {
        byte[] wire = "SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(IllegalStateException.class, () -> new HttpResponseHead().feed(wire, 0, wire.length));
    }
}
