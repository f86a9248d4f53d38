package dev.herald.transport;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JoinedFramesTest {
    private final Buffer first = Buffer.buffer("id: 1\ndata: a\n\n");
    private final Buffer second = Buffer.buffer("id: 2\ndata: b\n\n");
    private final Buffer third = Buffer.buffer("id: 3\ndata: c\n\n");
    private final JoinedFrames<Buffer> joined = JoinedFrames.buffers();

    @Test
    void theFramesAreJoinedInOrder() {
        assertEquals("id: 1\ndata: a\n\nid: 2\ndata: b\n\n", joined.join(List.of(first, second)).toString());
    }

    @Test
    void connectionsThatReceivedTheSameFramesShareOneChunk() {
        Buffer once = joined.join(List.of(first, second));
        assertSame(once, joined.join(List.of(first, second)));
    }

    @Test
    void otherFramesOrAnotherOrderGetTheirOwnChunk() {
        Buffer oneTwo = joined.join(List.of(first, second));
        Buffer twoOne = joined.join(List.of(second, first));
        assertNotSame(oneTwo, twoOne);
        assertEquals("id: 2\ndata: b\n\nid: 1\ndata: a\n\n", twoOne.toString());
        assertEquals("id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n",
                joined.join(List.of(first, second, third)).toString());
        // Equal bytes in another buffer are another frame: identity, not content, decides.
        assertNotSame(joined.join(List.of(first, second)), joined.join(List.of(first, Buffer.buffer(second.getBytes()))));
    }

    @Test
    void webSocketFramesAreJoinedAndSharedTheSameWay() {
        JoinedFrames<byte[]> frames = JoinedFrames.bytes();
        byte[] a = {(byte) 0x81, 1, 'a'};
        byte[] b = {(byte) 0x81, 1, 'b'};
        byte[] once = frames.join(List.of(a, b));
        assertArrayEquals(new byte[] {(byte) 0x81, 1, 'a', (byte) 0x81, 1, 'b'}, once);
        assertSame(once, frames.join(List.of(a, b)));
        assertNotSame(once, frames.join(List.of(b, a)));
    }

    @Test
    void heldListsStartEmptyWhateverTheLastBatch() {
        joined.join(List.of(first, second, third));
        List<Buffer> held = joined.newHeld();
        assertTrue(held.isEmpty());
        held.add(first);
        assertEquals(List.of(first), held);
    }
}
