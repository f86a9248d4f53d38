package dev.herald.core.urlpattern;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Patterns and topics from a client are hostile input: whatever they hold, compiling either
 * succeeds or fails with an IllegalArgumentException (a 400 with its reason), and matching answers
 * true or false. Random strings over the characters that mean something to the tokenizers.
 */
class UrlPatternFuzzTest {
    private static final URI HUB = URI.create("https://hub.example.com/.well-known/mercure");
    private static final String[] PIECES = {
        "https://", "http", "urn:", "foo://", "file:///", "//", "/", "\\", ":", "::", "@", "?", "#", "*", "+",
        "{", "}", "(", ")", "(?:", "(?=", "[", "]", "[^", "--", "&&", "|", "^", "$", ".", "a", "Z", "0", "9", "%",
        "%2F", "%zz", " ", "\t", "é", "\u2028", "\uD800", "-", "_", "~", ":id", ":x(", "\\d", "\\w", "\\p{L}", "\\1",
        "{2,3}", "{,}", "{99999}", "[::1]", "[", "127.1", "0x7f", "xn--", "example.com", ".."};

    @Test
    void arbitraryPatternsAndTopicsFailOnlyWithAReason() {
        Random random = new Random(20260808);
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            topics.add(text(random));
        }
        int compiled = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            String pattern = text(random);
            UrlPattern urlPattern;
            try {
                urlPattern = UrlPattern.compile(pattern, HUB);
                compiled++;
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a reason for " + pattern);
                refused++;
                continue;
            }
            for (int t = 0; t < 5; t++) {
                urlPattern.matches(topics.get(random.nextInt(topics.size())));
            }
            urlPattern.matches(pattern);
        }
        System.out.println("fuzzed patterns: " + compiled + " compiled, " + refused + " refused");
        assertEquals(20_000, compiled + refused);
        assertTrue(compiled > 1_000 && refused > 1_000, "the generator reaches both outcomes");
    }

    @Test
    void fixedPathTextWhoseDotSegmentsEatEverythingIsEmpty() {
        // "\\.." after a group: canonicalised as a path, the ".." removes the text before it.
        UrlPattern pattern = UrlPattern.compile("https://example.com/:id\\\\..", HUB);
        assertTrue(pattern.matches("https://example.com/x"));
    }

    private static String text(Random random) {
        StringBuilder out = new StringBuilder();
        int pieces = 1 + random.nextInt(12);
        for (int i = 0; i < pieces; i++) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return out.toString();
    }
}
