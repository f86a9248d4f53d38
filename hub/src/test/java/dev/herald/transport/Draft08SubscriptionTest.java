package dev.herald.transport;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draft-08's Subscription section: the {@code match} parameters, the reserved {@code match}
 * namespace, the value constraints, the limits, and the form-urlencoded reading of the query. Each
 * test is named after the rule it checks; protocol-spec/draft-08/subscription.md maps them.
 */
class Draft08SubscriptionTest {
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous", "--max-topics-per-subscription", "3", "--max-selector-length", "60");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static SseClient open(String rawQuery) {
        return hub.subscriber().rawQuery(rawQuery).open();
    }

    private static void assertRefused(String rawQuery, String reason) {
        try (SseClient events = open(rawQuery)) {
            assertEquals(400, events.status(), events.errorBody());
            assertTrue(events.errorBody().contains(reason), events.errorBody());
        }
        HttpResult poll = Http.get(hub.hubUrl() + "?" + rawQuery, Map.of("Accept", "application/json"));
        assertEquals(400, poll.status(), "long-poll: " + poll.body());
        assertTrue(poll.body().contains(reason), poll.body());
    }

    /** Publishes {@code topics}' updates and asserts the subscription receives exactly the expected one. */
    private static void assertReceivesOnly(String rawQuery, String wanted, String unwanted) {
        try (SseClient events = open(rawQuery)) {
            assertEquals(200, events.status(), events.errorBody());
            hub.publish().topic(unwanted).data("unwanted").sendOk();
            String id = hub.publish().topic(wanted).data("wanted").sendOk();
            assertEquals(id, events.next().id());
        }
    }

    @Test
    void bareMatchSelectsTheExactMatcherType() {
        assertReceivesOnly("match=" + TestHub.encode("https://example.com/m/1"),
                "https://example.com/m/1", "https://example.com/m/2");
    }

    @Test
    void matchExactIsTheExplicitSpellingOfTheDefault() {
        assertReceivesOnly("match_exact=" + TestHub.encode("https://example.com/me/1"),
                "https://example.com/me/1", "https://example.com/me/2");
    }

    @Test
    void exactMatcherComparesBytesEvenWhenItHoldsABrace() {
        String literal = "https://example.com/brace/{id}";
        assertReceivesOnly("match=" + TestHub.encode(literal), literal, "https://example.com/brace/1");
    }

    @Test
    void exactMatcherIsCaseSensitive() {
        assertReceivesOnly("match=" + TestHub.encode("https://example.com/Case"),
                "https://example.com/Case", "https://example.com/case");
    }

    @Test
    void exactMatcherIsNotResolvedAgainstTheHubUrl() {
        // hub_url is https://localhost/.well-known/mercure by default: a relative exact matcher stays relative.
        assertReceivesOnly("match=" + TestHub.encode("/books/1"), "/books/1", "https://localhost/books/1");
    }

    @Test
    void exactMatcherIsNotUnicodeNormalized() {
        String composed = "https://example.com/caf\u00e9";
        String decomposed = "https://example.com/cafe\u0301";
        assertReceivesOnly("match=" + TestHub.encode(composed), composed, decomposed);
    }

    @Test
    void matchUritemplateSelectsTheTemplatesExpansions() {
        assertReceivesOnly("match_uritemplate=" + TestHub.encode("https://example.com/tpl/{id}"),
                "https://example.com/tpl/7", "https://example.com/other/7");
    }

    @Test
    void wildcardMatchesEveryTopicWhateverItsMatcherType() {
        for (String parameter : new String[] {"match", "match_exact", "match_uritemplate"}) {
            try (SseClient events = open(parameter + "=*")) {
                assertEquals(200, events.status(), events.errorBody());
                String id = hub.publish().topic("https://example.com/any/" + parameter).data("x").sendOk();
                assertEquals(id, events.next().id(), parameter);
            }
        }
    }

    @Test
    void severalMatcherParametersInAnyCombinationWithTopic() {
        try (SseClient events = open("match=a-exact&match_uritemplate=" + TestHub.encode("tpl/{x}") + "&topic=draft07")) {
            String one = hub.publish().topic("a-exact").data("1").sendOk();
            String two = hub.publish().topic("tpl/9").data("2").sendOk();
            String three = hub.publish().topic("draft07").data("3").sendOk();
            assertEquals(one, events.next().id());
            assertEquals(two, events.next().id());
            assertEquals(three, events.next().id());
        }
    }

    @Test
    void topicKeepsItsDraft07MeaningBesideMatch() {
        assertReceivesOnly("topic=" + TestHub.encode("https://example.com/d7/{id}"),
                "https://example.com/d7/3", "https://example.com/d8/3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"match_foo", "MATCH", "Match", "match_EXACT", "matches", "match_", "matchexact", "mAtCh_urlpattern"})
    void unsupportedNameInTheReservedMatchNamespaceIsRefused(String name) {
        assertRefused("topic=ok&" + name + "=x", "'" + name + "'");
    }

    @Test
    void reservedNamespaceRefusalComesEvenWithoutAValue() {
        assertRefused("topic=ok&match_typo", "'match_typo'");
    }

    @Test
    void matcherParameterWithoutValueIsAnEmptyMatcherAndRefused() {
        assertRefused("match", "empty topic selector in 'match'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%FF", "a%C3", "%ED%A0%80"})
    void matcherValueMustBeValidUtf8(String encoded) {
        assertRefused("match=" + encoded, "not valid UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%00", "a%0Ab", "%1F", "%7F", "%C2%80", "%C2%85", "%C2%9F"})
    void matcherValueMustNotHoldControlCharacters(String encoded) {
        assertRefused("match=x" + encoded, "matchers may not hold control or format characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%E2%80%8B", "%E2%80%AE", "%C2%AD", "%EF%BB%BF", "%E2%81%A0"})
    void matcherValueMustNotHoldFormatCharacters(String encoded) {
        assertRefused("match_uritemplate=x" + encoded, "'match_uritemplate' contains U+");
    }

    @Test
    void valueNotValidForItsMatcherTypeIsRefused() {
        assertRefused("match_uritemplate=" + TestHub.encode("https://example.com/{unclosed"), "'match_uritemplate'");
    }

    @Test
    void matcherValuesBeyondAsciiAreAccepted() {
        String topic = "https://example.com/caf\u00e9/\u4e66";
        assertReceivesOnly("match=" + TestHub.encode(topic), topic, "https://example.com/cafe");
    }

    @Test
    void tooManyMatcherParametersWithTopicsTogetherAreRefused() {
        assertRefused("topic=a&match=b&match_exact=c&match_uritemplate=d", "too many topics");
        try (SseClient events = open("topic=a&match=b&match_exact=c")) {
            assertEquals(200, events.status(), events.errorBody());
        }
    }

    @Test
    void thousandsOfMatcherParametersAreRefusedAsTooMany() {
        assertRefused("match=a" + "&match=a".repeat(2_000), "too many topics");
    }

    @Test
    void matcherLongerThanTheLimitIsRefused() {
        assertRefused("match_exact=" + "x".repeat(61), "too long in 'match_exact'");
    }

    @Test
    void requestWithoutTopicOrMatcherIsRefused() {
        assertRefused("last_event_id=earliest&other=1", "missing topic");
    }

    @Test
    void matcherNamesAreCaseSensitiveAndTopicToo() {
        // "Topic" is not "topic": like any unknown parameter it is ignored, so nothing is selected.
        assertRefused("Topic=x", "missing topic");
    }

    @Test
    void plusInTheQueryIsASpace() {
        assertReceivesOnly("match=a+b", "a b", "a+b");
    }

    @Test
    void encodedPlusIsAPlus() {
        assertReceivesOnly("match=a%2Bb", "a+b", "a b");
    }

    @Test
    void semicolonIsPartOfTheValue() {
        assertReceivesOnly("match=a;b", "a;b", "a");
    }

    @Test
    void unknownParametersOutsideTheNamespaceAreIgnored() {
        try (SseClient events = open("match=ok&foo=bar&xmatch=1")) {
            assertEquals(200, events.status(), events.errorBody());
        }
    }

    @Test
    void updatesAreSentAsAnEventStreamWithTheirId() {
        try (SseClient events = open("match=stream")) {
            assertTrue(events.header("Content-Type").startsWith("text/event-stream"));
            String id = hub.publish().topic("stream").data("d").sendOk();
            assertEquals(id, events.next().id());
            assertNull(events.header("Mercure-Last-Event-ID"), "no last event id was asked for");
        }
    }
}
