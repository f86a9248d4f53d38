package dev.herald.loadtest.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartMixedTest {

    /** A long-poll answer of Nchan 1.3.6 (nchan_longpoll_multipart_response on) holding three messages. */
    private static final String NCHAN_ANSWER = "--/GkP0NDgFfZO4EGoTLOtcbQoA1VzHJsI\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n\r\nm2\r\n"
            + "--/GkP0NDgFfZO4EGoTLOtcbQoA1VzHJsI\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n\r\nm3\r\n"
            + "--/GkP0NDgFfZO4EGoTLOtcbQoA1VzHJsI\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n\r\nm4\r\n"
            + "--/GkP0NDgFfZO4EGoTLOtcbQoA1VzHJsI--\r\n";

    @Test
    void eachPartOfNchansAnswerIsOneMessage() {
        String boundary = MultipartMixed.boundary("multipart/mixed; boundary=/GkP0NDgFfZO4EGoTLOtcbQoA1VzHJsI");
        assertEquals("/GkP0NDgFfZO4EGoTLOtcbQoA1VzHJsI", boundary);
        assertEquals(List.of("m2", "m3", "m4"), MultipartMixed.parts(NCHAN_ANSWER, boundary));
    }

    @Test
    void partsWithoutHeadersEmptyPartsAndQuotedBoundariesAreRead() {
        assertEquals("b c", MultipartMixed.boundary("Multipart/Mixed; charset=x; boundary=\"b c\""));
        assertEquals(List.of("one\r\ntwo lines", "", "x"),
                MultipartMixed.parts("--b\r\n\r\none\r\ntwo lines\r\n--b\r\nA: 1\r\n\r\n\r\n--b\r\n\r\nx\r\n--b--", "b"));
    }

    @Test
    void aPlainBodyHasNoBoundaryAndABrokenOneIsRefused() {
        assertNull(MultipartMixed.boundary("text/plain"));
        assertNull(MultipartMixed.boundary(null));
        assertThrows(IllegalArgumentException.class, () -> MultipartMixed.parts("m1", "b"));
        assertThrows(IllegalArgumentException.class, () -> MultipartMixed.parts("--b\r\n\r\nm1 and no end", "b"));
    }
}
