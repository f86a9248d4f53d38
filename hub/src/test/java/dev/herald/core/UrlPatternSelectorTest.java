package dev.herald.core;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code match_urlpattern} selectors: compiled by {@link TopicSelector#of} against the hub URL. */
class UrlPatternSelectorTest {
    private static final URI HUB = URI.create("https://hub.example.com/.well-known/mercure");

    @Test
    void aUrlPatternSelectorHasItsTypeAndMatchesAsAUrlPattern() {
        TopicSelector selector = TopicSelector.of(MatcherType.URL_PATTERN, "https://example.com/books/:id", HUB);
        assertInstanceOf(TopicSelector.UrlPattern.class, selector);
        assertEquals(MatcherType.URL_PATTERN, selector.type());
        assertEquals("https://example.com/books/:id", selector.text());
        assertTrue(selector.matches("https://example.com/books/1"));
        assertFalse(selector.matches("https://example.com/books/1/reviews"));
    }

    @Test
    void relativePatternsResolveAgainstTheHubUrl() {
        TopicSelector selector = TopicSelector.of(MatcherType.URL_PATTERN,
                "/.well-known/mercure/subscriptions/:type/:topic/:subscriber", HUB);
        assertTrue(selector.matches("/.well-known/mercure/subscriptions/exact/a/b"));
        assertTrue(selector.matches("https://hub.example.com/.well-known/mercure/subscriptions/exact/a/b"));
        assertFalse(selector.matches("https://elsewhere.example/.well-known/mercure/subscriptions/exact/a/b"));
    }

    @Test
    void theSameTextUnderAnotherTypeIsAnotherSelector() {
        String text = "https://example.com/{id}";
        TopicSelector template = TopicSelector.of(MatcherType.URI_TEMPLATE, text, HUB);
        TopicSelector pattern = TopicSelector.of(MatcherType.URL_PATTERN, text, HUB);
        assertNotSame(template, pattern);
        assertTrue(template.matches("https://example.com/1"));
        assertFalse(pattern.matches("https://example.com/1"), "{id} is a grouping of the text 'id' in a URL pattern");
        assertTrue(pattern.matches("https://example.com/id"));
    }

    @Test
    void theWildcardStaysTheWildcard() {
        assertInstanceOf(TopicSelector.Wildcard.class, TopicSelector.of(MatcherType.URL_PATTERN, "*", HUB));
    }

    @Test
    void anInvalidPatternIsRefusedWithAReason() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TopicSelector.of(MatcherType.URL_PATTERN, "https://example.com/((?=a)a)", HUB));
        assertTrue(refused.getMessage().contains("lookaround"), refused.getMessage());
    }
}
