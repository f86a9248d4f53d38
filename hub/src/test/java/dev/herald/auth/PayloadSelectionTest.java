package dev.herald.auth;

import dev.herald.core.Grants;
import dev.herald.core.MatcherType;
import dev.herald.core.TopicSelector;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static dev.herald.testing.AccessTokens.detail;
import static dev.herald.testing.AccessTokens.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Draft-08, Payloads: the payload shown for a subscription is that of the first {@code subscribe}
 * detail one of whose matchers matches the subscription's own matcher read as a topic; draft-07's
 * {@code mercure.payload} otherwise.
 */
class PayloadSelectionTest {
    private static final URI HUB = URI.create("https://localhost/.well-known/mercure");
    private static final AuthorizationClaims CLAIMS = new AuthorizationClaims(HUB);
    private static final String FOO = "https://example.com/foo";
    private static final Map<String, Object> FOO_PAYLOAD = Map.of("custom1", "only for foo");
    private static final Map<String, Object> BAR_PAYLOAD = Map.of("custom2", "data available for matching subscriptions");
    private static final Map<String, Object> BOOKS_PAYLOAD = Map.of("custom4", "for books");
    private static final Map<String, Object> DEFAULT_PAYLOAD = Map.of("custom3", "default");

    private static Grants grants(Map<String, ?> claims) throws InvalidTokenException {
        return CLAIMS.grants(claims);
    }

    private static Grants draft08(List<?> details) throws InvalidTokenException {
        return grants(Map.of("authorization_details", details));
    }

    private static TopicSelector exact(String text) {
        return TopicSelector.of(MatcherType.EXACT, text, HUB);
    }

    /** The draft's own example. */
    private static Grants example() throws InvalidTokenException {
        return draft08(List.of(
                detail(List.of("subscribe"), List.of(match(FOO)), FOO_PAYLOAD),
                detail(List.of("subscribe"), List.of(match("https://example.com/bar/:id", "urlpattern")), BAR_PAYLOAD),
                detail(List.of("subscribe"), List.of(match("https://example.com/books/{id}", "uritemplate")), BOOKS_PAYLOAD),
                detail(List.of("subscribe"), List.of(match("*")), DEFAULT_PAYLOAD)));
    }

    @Test
    void firstSubscribeDetailMatchingTheSubscriptionsMatcherGivesThePayload() throws InvalidTokenException {
        assertEquals(FOO_PAYLOAD, example().payloadFor(exact(FOO)));
        assertEquals(BOOKS_PAYLOAD, example().payloadFor(exact("https://example.com/books/1")));
    }

    @Test
    void aUrlPatternDetailMatchesTheSubscriptionMadeWithThatPattern() throws InvalidTokenException {
        TopicSelector pattern = TopicSelector.of(MatcherType.URL_PATTERN, "https://example.com/bar/:id", HUB);
        assertEquals(BAR_PAYLOAD, example().payloadFor(pattern));
        assertEquals(BAR_PAYLOAD, example().payloadFor(exact("https://example.com/bar/42")));
    }

    @Test
    void theSubscriptionsMatcherTextIsMatchedAsATopic() throws InvalidTokenException {
        TopicSelector template = TopicSelector.of(MatcherType.URI_TEMPLATE, "https://example.com/books/{id}", HUB);
        assertEquals(BOOKS_PAYLOAD, example().payloadFor(template), "a template matches its own text");
    }

    @Test
    void wildcardDetailIsTheDefault() throws InvalidTokenException {
        assertEquals(DEFAULT_PAYLOAD, example().payloadFor(exact("https://example.com/authors/1")));
        assertEquals(DEFAULT_PAYLOAD, example().payloadFor(exact("*")));
    }

    @Test
    void theFirstMatchingDetailWinsSoABroadOneFirstMasksTheRest() throws InvalidTokenException {
        Grants broadFirst = draft08(List.of(
                detail(List.of("subscribe"), List.of(match("*")), DEFAULT_PAYLOAD),
                detail(List.of("subscribe"), List.of(match(FOO)), FOO_PAYLOAD)));
        assertEquals(DEFAULT_PAYLOAD, broadFirst.payloadFor(exact(FOO)));
    }

    @Test
    void publishDetailsGiveNoPayload() throws InvalidTokenException {
        Grants grants = draft08(List.of(
                detail(List.of("publish"), List.of(match(FOO)), FOO_PAYLOAD),
                detail(List.of("subscribe"), List.of(match(FOO)), BOOKS_PAYLOAD)));
        assertEquals(BOOKS_PAYLOAD, grants.payloadFor(exact(FOO)));
    }

    @Test
    void withoutAMatchingDetailTheMercureClaimsPayloadIsShown() throws InvalidTokenException {
        Map<String, Object> legacy = Map.of("legacy", true);
        Grants grants = grants(Map.of("mercure", Map.of("payload", legacy),
                "authorization_details", List.of(detail(List.of("subscribe"), List.of(match(FOO)), FOO_PAYLOAD))));
        assertEquals(FOO_PAYLOAD, grants.payloadFor(exact(FOO)));
        assertEquals(legacy, grants.payloadFor(exact("https://example.com/other")));
    }

    @Test
    void aMatchingDetailWithoutPayloadFallsBackToTheMercureClaimsPayload() throws InvalidTokenException {
        Map<String, Object> legacy = Map.of("legacy", true);
        Grants grants = grants(Map.of("mercure", Map.of("payload", legacy),
                "authorization_details", List.of(detail(List.of("subscribe"), List.of(match(FOO)), null),
                        detail(List.of("subscribe"), List.of(match("*")), DEFAULT_PAYLOAD))));
        assertEquals(legacy, grants.payloadFor(exact(FOO)));
    }

    @Test
    void draft07TokensShowTheirPayloadForEverySubscription() throws InvalidTokenException {
        Grants grants = grants(Map.of("mercure", Map.of("subscribe", List.of("*"), "payload", "anything")));
        assertEquals("anything", grants.payloadFor(exact(FOO)));
        assertNull(grants(Map.of()).payloadFor(exact(FOO)));
    }
}
