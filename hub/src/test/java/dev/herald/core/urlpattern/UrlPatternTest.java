package dev.herald.core.urlpattern;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** URL patterns as draft-08 uses them: against topics, relative to the hub URL. */
class UrlPatternTest {
    private static final URI HUB = URI.create("https://hub.example.com/.well-known/mercure");

    private static boolean matches(String pattern, String topic) {
        return UrlPattern.compile(pattern, HUB).matches(topic);
    }

    private static String refusal(String pattern) {
        return assertThrows(IllegalArgumentException.class, () -> UrlPattern.compile(pattern, HUB)).getMessage();
    }

    @Test
    void namedGroupsMatchOneSegment() {
        assertTrue(matches("https://example.com/books/:id", "https://example.com/books/1"));
        assertFalse(matches("https://example.com/books/:id", "https://example.com/books/1/reviews"));
        assertFalse(matches("https://example.com/books/:id", "https://example.com/books/"));
        assertFalse(matches("https://example.com/books/:id", "https://other.example/books/1"));
    }

    @Test
    void unnamedSearchAndHashMatchAnything() {
        assertTrue(matches("https://example.com/books/:id", "https://example.com/books/1?lang=fr#top"));
        assertFalse(matches("https://example.com/books/:id?lang=en", "https://example.com/books/1?lang=fr"));
    }

    @Test
    void modifiersWildcardsAndGroupings() {
        assertTrue(matches("https://example.com/books/:id?", "https://example.com/books"));
        assertTrue(matches("https://example.com/books/:path+", "https://example.com/books/a/b/c"));
        assertFalse(matches("https://example.com/books/:path+", "https://example.com/books"));
        assertTrue(matches("https://example.com/books/*", "https://example.com/books/a/b"));
        assertTrue(matches("https://example.com/books{/:id}?", "https://example.com/books"));
        assertTrue(matches("https://*.example.com/*", "https://api.eu.example.com/x"));
        assertTrue(matches("http{s}?://example.com/*", "http://example.com/x"));
        assertTrue(matches("https://example.com/books/:id(\\d+)", "https://example.com/books/42"));
        assertFalse(matches("https://example.com/books/:id(\\d+)", "https://example.com/books/forty-two"));
    }

    @Test
    void relativePatternsAndTopicsResolveAgainstTheHubUrl() {
        String pattern = "/.well-known/mercure/subscriptions/:type/:topic/:subscriber";
        assertTrue(matches(pattern, "/.well-known/mercure/subscriptions/exact/a/b"));
        assertTrue(matches(pattern, "https://hub.example.com/.well-known/mercure/subscriptions/exact/a/b"));
        assertFalse(matches(pattern, "https://other.example.com/.well-known/mercure/subscriptions/exact/a/b"));
        assertTrue(matches("books/:id", "https://hub.example.com/.well-known/books/7"));
        assertTrue(matches("https://hub.example.com/.well-known/books/:id", "books/7"));
    }

    @Test
    void topicsAreCanonicalisedAsUrlsBeforeMatching() {
        assertTrue(matches("https://example.com/books/:id", "HTTPS://EXAMPLE.com:443/books/./1"));
        assertTrue(matches("https://example.com/a/b", "https://example.com/a/x/../b"));
        assertTrue(matches("https://example.com/caf%C3%A9", "https://example.com/café"));
        assertFalse(matches("https://example.com/Books/:id", "https://example.com/books/1"), "paths keep their case");
        assertTrue(matches("https://example.com:8443/*", "https://example.com:8443/x"));
        assertFalse(matches("https://example.com/*", "https://example.com:8443/x"));
    }

    @Test
    void everyHostIsCaseInsensitiveEvenOfANonSpecialScheme() {
        assertTrue(matches("foo://Example/:id", "foo://EXAMPLE/1"));
        assertTrue(matches("foo://example/:id", "foo://Example/1"));
        assertFalse(matches("foo://example/:id", "foo://Other/1"));
        assertTrue(matches("foo://example/:id", "foo://example/1/2"), "a non-special path has no segments to stop at");
    }

    @Test
    void subscriptionEventTopicsMatchOneEncodedTopicPerSegment() {
        String pattern = "/.well-known/mercure/subscriptions/urlpattern/:match/:subscriber";
        assertTrue(matches(pattern, "/.well-known/mercure/subscriptions/urlpattern/"
                + "https%3A%2F%2Fexample.com%2Fbooks%2F%3Aid/urn%3Auuid%3A1"));
        assertFalse(matches(pattern, "/.well-known/mercure/subscriptions/urlpattern/"
                + "https://example.com/books/:id/urn%3Auuid%3A1"), "a segment does not cross a raw '/'");
    }

    @Test
    void nonSpecialSchemesMatchTheirOpaquePath() {
        assertTrue(matches("urn\\:isbn\\::number", "urn:isbn:0451450523"));
        assertFalse(matches("urn\\:isbn\\::number", "urn:issn:0451450523"));
    }

    @Test
    void aTopicThatIsNotAUrlMatchesNothing() {
        assertFalse(matches("*://*", "https://exa mple.com/"));
        assertFalse(matches("*://*", "http://[::1/"));
        assertFalse(matches("*://*", "https://example.com:99999/"));
    }

    @Test
    void invalidPatternsAreRefusedWithAReason() {
        assertTrue(refusal("https://example.com/:id/:id").contains("duplicate group name"));
        assertTrue(refusal("https://example.com/(foo").contains("unbalanced"));
        assertTrue(refusal("https://example.com/{foo").contains("expected '}'"));
        assertTrue(refusal("https://example.com/(\\m)").contains("invalid escape"));
        assertTrue(refusal("https://exa mple.com/").contains("invalid hostname"));
        assertEquals("a relative pattern needs a base URL",
                assertThrows(IllegalArgumentException.class, () -> UrlPattern.compile("/books/:id", (URI) null))
                        .getMessage());
    }

    @Test
    void regexpFeaturesALinearMatcherCannotRunAreRefused() {
        assertTrue(refusal("https://example.com/(a(b))").contains("capturing groups are not allowed"));
        assertTrue(refusal("https://example.com/((?:a)\\1)").contains("backreferences are not supported"));
        assertTrue(refusal("https://example.com/((?=a)a)").contains("lookaround assertions are not supported"));
        assertTrue(refusal("https://example.com/((?<!a)b)").contains("lookaround assertions are not supported"));
        assertTrue(refusal("https://example.com/(\\p{L}+)").contains("unicode property"));
        assertTrue(refusal("https://example.com/(a{1000})").contains("at most " + RegexParser.MAX_REPEAT));
        assertTrue(refusal("https://example.com/((?:(?:a{100}){100}){100})").contains("too complex"));
    }

    @Test
    void theRegexpSubsetMatchesAsEcmaScriptDoes() {
        assertTrue(matches("https://example.com/([a-z]{2,3}-\\d+)", "https://example.com/ab-12"));
        assertFalse(matches("https://example.com/([a-z]{2,3}-\\d+)", "https://example.com/abcd-12"));
        assertTrue(matches("https://example.com/((?:en|fr)(?:-[A-Z]{2})?)", "https://example.com/fr-CA"));
        assertTrue(matches("https://example.com/(\\w+\\.json)", "https://example.com/a_b.json"));
        assertFalse(matches("https://example.com/([^.]+)", "https://example.com/a.b"));
        assertTrue(matches("https://example.com/([[a-z]--[aeiou]]+)", "https://example.com/xyz"));
        assertFalse(matches("https://example.com/([[a-z]--[aeiou]]+)", "https://example.com/xaz"));
        assertTrue(matches("https://example.com/(\\bfoo\\b.*)", "https://example.com/foo-bar"));
    }
}
