package dev.herald.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PercentDecodingTest {
    private static String decoded(String text, boolean plusIsSpace) {
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        return new String(PercentDecoding.bytes(input, 0, input.length, plusIsSpace), StandardCharsets.UTF_8);
    }

    private static int malformed(String text) {
        byte[] input = text.getBytes(StandardCharsets.US_ASCII);
        return PercentDecoding.malformedEscape(input, 0, input.length);
    }

    @Test
    void escapesAreDecodedInEitherCaseAndPlusIsASpaceOnlyInForms() {
        assertEquals("a b/c+d", decoded("a%20b%2fc+d", false));
        assertEquals("a b/c d", decoded("a%20b%2Fc+d", true));
        assertEquals("\u00e9t\u00e9", decoded("%C3%A9t%c3%a9", false));
    }

    @Test
    void aPercentWithoutTwoHexDigitsStaysAsItIsAndIsFound() {
        assertEquals("100%", decoded("100%", true));
        assertEquals("%zz%4", decoded("%zz%4", true));
        assertEquals(-1, malformed("a%20b"));
        assertEquals(3, malformed("100%"));
        assertEquals(1, malformed("a%4"));
        assertEquals(0, malformed("%g0"));
        assertEquals(3, malformed("%41%"), "a valid escape is skipped whole");
    }

    @Test
    void onlyAPartOfTheInputIsRead() {
        byte[] input = "x=%41%42&y".getBytes(StandardCharsets.US_ASCII);
        assertEquals("AB", new String(PercentDecoding.bytes(input, 2, 8, true), StandardCharsets.US_ASCII));
        assertEquals(-1, PercentDecoding.malformedEscape(input, 2, 8));
        assertEquals(5, PercentDecoding.malformedEscape(input, 2, 7), "an escape cut by the end is malformed");
    }

    @Test
    void bytesThatAreNotUtf8AreReportedNotRepaired() {
        assertEquals("\u00e9", PercentDecoding.strictUtf8(new byte[]{(byte) 0xC3, (byte) 0xA9}));
        assertNull(PercentDecoding.strictUtf8(new byte[]{(byte) 0xC3}));
        assertNull(PercentDecoding.strictUtf8(new byte[]{(byte) 0xFF, 'a'}));
    }
}
