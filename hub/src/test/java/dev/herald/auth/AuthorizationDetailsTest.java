package dev.herald.auth;

import dev.herald.auth.InvalidTokenException.Reason;
import dev.herald.core.Grants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.herald.testing.AccessTokens.detail;
import static dev.herald.testing.AccessTokens.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Draft-08, Authorization Details and Topic Matcher List: how {@code authorization_details} becomes grants. */
class AuthorizationDetailsTest {
    private static final String BOOK = "https://example.com/books/1";
    private static final String OTHER = "https://example.com/books/2";
    private static final AuthorizationClaims CLAIMS =
            new AuthorizationClaims(URI.create("https://localhost/.well-known/mercure"));

    private static Grants grants(Object details) throws InvalidTokenException {
        return CLAIMS.grants(Map.of("authorization_details", details));
    }

    private static Grants grants(Map<String, ?> claims) throws InvalidTokenException {
        return CLAIMS.grants(claims);
    }

    @Test
    void aDetailGrantsItsActionsOnItsTopics() throws InvalidTokenException {
        Grants grants = grants(List.of(detail(List.of("publish"), List.of(match(BOOK)), null),
                detail(List.of("subscribe"), List.of(match(OTHER)), null)));
        assertTrue(grants.mayPublishTo(List.of(BOOK)));
        assertFalse(grants.mayPublishTo(List.of(OTHER)));
        assertTrue(grants.subscribe().get(0).matches(OTHER));
        assertEquals(1, grants.subscribe().size());
    }

    @Test
    void oneDetailMayCarryBothActions() throws InvalidTokenException {
        Grants grants = grants(List.of(detail(List.of("subscribe", "publish"), List.of(match(BOOK)), null)));
        assertTrue(grants.mayPublishTo(List.of(BOOK)));
        assertTrue(grants.subscribe().get(0).matches(BOOK));
    }

    @Test
    void grantsAreTheUnionOfTheMercureClaimAndTheDetails() throws InvalidTokenException {
        Grants grants = grants(Map.of(
                "mercure", Map.of("publish", List.of(OTHER)),
                "authorization_details", List.of(detail(List.of("publish"), List.of(match(BOOK)), null))));
        assertTrue(grants.mayPublishTo(List.of(BOOK, OTHER)));
    }

    @Test
    void matchTypeDefaultsToExact() throws InvalidTokenException {
        Grants grants = grants(List.of(detail(List.of("publish"), List.of(match("https://example.com/books/{id}")), null)));
        assertFalse(grants.mayPublishTo(List.of(BOOK)), "without match_type a template is an exact string");
        assertTrue(grants.mayPublishTo(List.of("https://example.com/books/{id}")));
    }

    @Test
    void uriTemplateMatchTypeMatchesTheTemplatesExpansions() throws InvalidTokenException {
        Grants grants = grants(List.of(detail(List.of("publish"),
                List.of(match("https://example.com/books/{id}", "uritemplate")), null)));
        assertTrue(grants.mayPublishTo(List.of(BOOK)));
        assertFalse(grants.mayPublishTo(List.of("https://example.com/authors/1")));
    }

    @Test
    void urlPatternMatchTypeMatchesTheTopicsThePatternDoes() throws InvalidTokenException {
        Grants grants = grants(List.of(detail(List.of("publish"),
                List.of(match("https://example.com/books/:id", "urlpattern")), null)));
        assertTrue(grants.mayPublishTo(List.of(BOOK)));
        assertFalse(grants.mayPublishTo(List.of("https://example.com/books/1/reviews")));
        assertFalse(grants.mayPublishTo(List.of("https://example.com/authors/1")));
    }

    @Test
    void relativeUrlPatternsResolveAgainstTheHubUrl() throws InvalidTokenException {
        Grants grants = grants(List.of(detail(List.of("subscribe"),
                List.of(match("/.well-known/mercure/subscriptions/*", "urlpattern")), null)));
        assertTrue(grants.subscribe().get(0).matches("/.well-known/mercure/subscriptions/exact/a/b"));
        assertTrue(grants.subscribe().get(0).matches("https://localhost/.well-known/mercure/subscriptions/x"));
        assertFalse(grants.subscribe().get(0).matches("https://example.com/.well-known/mercure/subscriptions/x"));
    }

    @Test
    void wildcardMatchesEveryTopicWhateverItsMatchType() throws InvalidTokenException {
        for (Map<String, Object> wildcard : List.of(match("*"), match("*", "exact"), match("*", "uritemplate"),
                match("*", "urlpattern"))) {
            Grants grants = grants(List.of(detail(List.of("publish"), List.of(wildcard), null)));
            assertTrue(grants.mayPublishTo(List.of(BOOK, "urn:anything")), wildcard.toString());
        }
    }

    @Test
    void unknownActionsAreIgnored() throws InvalidTokenException {
        Grants grants = grants(List.of(detail(List.of("publish", "delete"), List.of(match(BOOK)), null)));
        assertTrue(grants.mayPublishTo(List.of(BOOK)));
        Grants none = grants(List.of(detail(List.of("administer"), List.of(match(BOOK)), null)));
        assertFalse(none.mayPublishTo(List.of(BOOK)));
        assertTrue(none.subscribe().isEmpty());
    }

    @Test
    void detailsOfOtherTypesAreIgnored() throws InvalidTokenException {
        Grants grants = grants(List.of(Map.of("type", "payment_initiation", "actions", "not even an array"),
                detail(List.of("publish"), List.of(match(BOOK)), null)));
        assertTrue(grants.mayPublishTo(List.of(BOOK)));
    }

    @Test
    void tokenWithoutMercureDetailsGrantsNothing() throws InvalidTokenException {
        Grants grants = grants(List.of());
        assertFalse(grants.mayPublishTo(List.of(BOOK)));
        assertTrue(grants.subscribe().isEmpty());
    }

    static Stream<Arguments> invalidShapes() {
        List<Object> topics = List.of(match(BOOK));
        return Stream.of(
                arguments("authorization_details not an array", Map.of("type", "mercure")),
                arguments("entry not an object", List.of("mercure")),
                arguments("entry without type", List.of(Map.of("actions", List.of("publish"), "topics", topics))),
                arguments("actions missing", List.of(Map.of("type", "mercure", "topics", topics))),
                arguments("actions empty", List.of(detail(List.of(), topics, null))),
                arguments("actions not an array", List.of(Map.of("type", "mercure", "actions", "publish", "topics", topics))),
                arguments("non-string action", List.of(detail(List.of("publish", 7), topics, null))),
                arguments("topics missing", List.of(Map.of("type", "mercure", "actions", List.of("publish")))),
                arguments("topics empty", List.of(detail(List.of("publish"), List.of(), null))),
                arguments("topics a string", List.of(Map.of("type", "mercure", "actions", List.of("publish"), "topics", BOOK))),
                arguments("topic entry a string", List.of(detail(List.of("publish"), List.of(BOOK), null))),
                arguments("match missing", List.of(detail(List.of("publish"), List.of(Map.of("match_type", "exact")), null))),
                arguments("match not a string", List.of(detail(List.of("publish"), List.of(Map.of("match", 1)), null))),
                arguments("match empty", List.of(detail(List.of("publish"), List.of(match("")), null))),
                arguments("payload not an object", List.of(detail(List.of("subscribe"), topics, "a string"))),
                arguments("malformed uri template", List.of(detail(List.of("publish"),
                        List.of(match("https://example.com/{broken", "uritemplate")), null))),
                arguments("malformed url pattern", List.of(detail(List.of("publish"),
                        List.of(match("https://example.com/(unclosed", "urlpattern")), null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidShapes")
    void eachInvalidShapeRefusesTheToken(String name, Object details) {
        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> grants(details));
        assertTrue(refused.reason() == Reason.MALFORMED_AUTHORIZATION_DETAILS || refused.reason() == Reason.INVALID_MATCH,
                refused.reason().toString());
    }

    @Test
    void matchTypeTheHubDoesNotSupportRefusesTheToken() {
        for (Object type : List.of("regex", "Exact", "URLPATTERN", 3)) {
            InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> grants(List.of(
                    detail(List.of("subscribe"), List.of(Map.of("match", BOOK, "match_type", type)), null))));
            assertEquals(Reason.UNSUPPORTED_MATCH_TYPE, refused.reason(), type.toString());
        }
    }

    @Test
    void oneBadDetailRefusesTheWholeToken() {
        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> grants(List.of(
                detail(List.of("publish"), List.of(match(BOOK)), null),
                detail(List.of("subscribe"), List.of(match(BOOK, "regex")), null))));
        assertEquals(Reason.UNSUPPORTED_MATCH_TYPE, refused.reason());
    }

    @Test
    void tooManyDetailsRefuseTheToken() {
        List<Object> details = Collections.nCopies(AuthorizationClaims.MAX_DETAILS + 1,
                detail(List.of("publish"), List.of(match(BOOK)), null));
        assertEquals(Reason.AUTHORIZATION_DETAILS_TOO_LARGE,
                assertThrows(InvalidTokenException.class, () -> grants(details)).reason());
    }

    @Test
    void tooManyTopicsInADetailRefuseTheToken() {
        List<Object> topics = Collections.nCopies(AuthorizationClaims.MAX_TOPICS_PER_DETAIL + 1, match(BOOK));
        assertEquals(Reason.AUTHORIZATION_DETAILS_TOO_LARGE, assertThrows(InvalidTokenException.class,
                () -> grants(List.of(detail(List.of("publish"), topics, null)))).reason());
    }

    @Test
    void tooLongAMatchRefusesTheToken() {
        String longTopic = "https://example.com/" + "a".repeat(AuthorizationClaims.MAX_MATCH_LENGTH);
        assertEquals(Reason.AUTHORIZATION_DETAILS_TOO_LARGE, assertThrows(InvalidTokenException.class,
                () -> grants(List.of(detail(List.of("publish"), List.of(match(longTopic)), null)))).reason());
    }

    @Test
    void limitsAreInclusive() throws InvalidTokenException {
        List<Object> topics = Collections.nCopies(AuthorizationClaims.MAX_TOPICS_PER_DETAIL, match(BOOK));
        List<Object> details = Collections.nCopies(AuthorizationClaims.MAX_DETAILS, detail(List.of("publish"), topics, null));
        assertTrue(grants(details).mayPublishTo(List.of(BOOK)));
    }
}
