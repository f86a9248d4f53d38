package dev.herald.loadtest.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Herald's WebSocket messages read in place, and what must go to a full JSON parse. */
class MercureWsMessageTest {

    private final MercureWsMessage message = new MercureWsMessage();

    @Test
    void anUpdateGivesItsIdAndDataWhateverElseItCarries() {
        String text = "{\"type\":\"update\",\"id\":\"urn:uuid:1\",\"topics\":[\"a\",\"b,}\"],\"retry\":5,"
                + "\"meta\":{\"x\":[1,{\"y\":\"]\"}]}, \"private\" : true , \"data\":\"0:1:2:3:xx\"}";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

        assertTrue(message.scan(bytes, 0, bytes.length));
        assertEquals(MercureWsMessage.Type.UPDATE, message.type());
        assertEquals("urn:uuid:1", text.substring(message.idFrom(), message.idTo()));
        assertEquals("0:1:2:3:xx", text.substring(message.dataFrom(), message.dataTo()));
    }

    @Test
    void aPingIsRecognised() {
        byte[] bytes = " {\"type\" : \"ping\"} ".getBytes(StandardCharsets.US_ASCII);

        assertTrue(message.scan(bytes, 0, bytes.length));
        assertEquals(MercureWsMessage.Type.PING, message.type());
        assertEquals(-1, message.dataFrom());
    }

    @Test
    void escapesInTheFieldsReadAndTruncatedOrNonObjectMessagesNeedAFullParse() {
        for (String text : new String[] {"{\"type\":\"update\",\"data\":\"a\\u0041\"}", "{\"type\":\"update\",\"data\":\"abc",
                "[\"update\"]", "{\"type\" \"update\"}", ""}) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            assertFalse(message.scan(bytes, 0, bytes.length), text);
        }
    }

    @Test
    void escapesElsewhereAreSkipped() {
        byte[] bytes = "{\"topics\":[\"a\\\"b\"],\"note\":\"q\\\"x\",\"type\":\"update\",\"data\":\"d\"}"
                .getBytes(StandardCharsets.US_ASCII);

        assertTrue(message.scan(bytes, 0, bytes.length));
        assertEquals(MercureWsMessage.Type.UPDATE, message.type());
        assertEquals(1, message.dataTo() - message.dataFrom());
    }
}
