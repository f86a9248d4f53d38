package dev.herald.transport;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The subscribe query is read as URLSearchParams reads it (the WHATWG form-urlencoded parser),
 * including where Vert.x's own decoding differs: {@code ;}, name case, malformed UTF-8.
 */
class FormQueryTest {

    private static List<FormQuery.Pair> pairs(String query) {
        return FormQuery.parse(query);
    }

    @Test
    void plusIsASpaceAndAnEncodedPlusIsAPlus() {
        assertEquals(List.of(new FormQuery.Pair("match", "a b+c", true)), pairs("match=a+b%2Bc"));
    }

    @Test
    void semicolonIsAnOrdinaryCharacter() {
        assertEquals(List.of(new FormQuery.Pair("match", "a;b", true)), pairs("match=a;b"));
    }

    @Test
    void repeatedNamesAreAllKeptInOrder() {
        assertEquals(List.of("1", "2", "3"), pairs("match=1&topic=2&match=3").stream().map(FormQuery.Pair::value).toList());
    }

    @Test
    void nameWithoutValueHasAnEmptyValue() {
        assertEquals(List.of(new FormQuery.Pair("match", "", true)), pairs("match"));
    }

    @Test
    void emptySequencesAreSkipped() {
        assertEquals(List.of(new FormQuery.Pair("a", "1", true), new FormQuery.Pair("b", "", true)), pairs("&&a=1&&b=&"));
    }

    @Test
    void onlyTheFirstEqualsSignSeparatesNameFromValue() {
        assertEquals(List.of(new FormQuery.Pair("match", "a=b", true)), pairs("match=a=b"));
    }

    @Test
    void namesKeepTheirCase() {
        assertEquals("Match", pairs("Match=x").get(0).name());
    }

    @Test
    void percentNotFollowedByTwoHexDigitsStaysAsItIs() {
        assertEquals("100%zz%4", pairs("m=100%zz%4").get(0).value());
    }

    @Test
    void percentEncodedUtf8IsDecoded() {
        assertEquals("https://example.com/caf\u00e9", pairs("m=https%3A%2F%2Fexample.com%2Fcaf%C3%A9").get(0).value());
    }

    @Test
    void bytesThatAreNotUtf8AreMarked() {
        FormQuery.Pair pair = pairs("m=%FF").get(0);
        assertFalse(pair.utf8());
        assertEquals("\uFFFD", pair.value());
        assertTrue(pairs("m=%EF%BF%BD").get(0).utf8(), "an encoded U+FFFD is valid UTF-8");
    }

    @Test
    void noQueryHasNoPairs() {
        assertTrue(pairs(null).isEmpty());
        assertTrue(pairs("").isEmpty());
    }
}
