package dev.herald.core;

import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Topic selectors as Mercure draft-07 defines them, seen by a subscriber: an exact topic, {@code *},
 * or an RFC 6570 URI template matching the topics it expands to.
 */
class TopicSelectorTest {
    private static TestHub hub;
    private static int namespace;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    /**
     * Subscribes with {@code selector} (relative to a fresh namespace, "~" standing for it), publishes
     * to each topic and returns the topics that were delivered.
     */
    private static List<String> delivered(String selector, String... topics) {
        String base = "https://example.com/s" + (++namespace);
        String sentinelTopic = base + "/sentinel";
        List<String> received = new ArrayList<>();
        try (SseClient events = hub.subscribe(selector.replace("~", base), sentinelTopic)) {
            for (String topic : topics) {
                hub.publish().topic(topic.replace("~", base)).data(topic).sendOk();
            }
            String sentinel = hub.publishSentinel(sentinelTopic);
            for (var event = events.next(); !event.id().equals(sentinel); event = events.next()) {
                received.add(event.data());
            }
        }
        return received;
    }

    @Test
    void exactSelectorMatchesOnlyThatTopic() {
        assertEquals(List.of("~/books/1"),
                delivered("~/books/1", "~/books/1", "~/books/10", "~/books/1/reviews", "~/Books/1", "~/books/"));
    }

    @Test
    void wildcardMatchesEveryTopic() {
        List<String> received = delivered("*", "~/a", "urn:isbn:123", "anything at all");
        // "*" also receives the sentinel's own topic, which delivered() strips; every topic arrived.
        assertEquals(List.of("~/a", "urn:isbn:123", "anything at all"), received);
    }

    @Test
    void uriTemplateMatchesTheTopicsItExpandsTo() {
        assertEquals(List.of("~/books/1", "~/books/abc-def"),
                delivered("~/books/{id}", "~/books/1", "~/books/abc-def", "~/books/1/reviews", "~/authors/1"));
    }

    @Test
    void simpleExpansionNeverSpansASlash() {
        assertEquals(List.of("~/books/1/reviews/2"),
                delivered("~/books/{book}/reviews/{review}", "~/books/1/reviews/2", "~/books/1/x/reviews/2"));
    }

    @Test
    void reservedExpansionSpansSlashes() {
        assertEquals(List.of("~/files/a/b/c.txt", "~/files/x"),
                delivered("~/files/{+path}", "~/files/a/b/c.txt", "~/files/x", "~/other/a"));
    }

    @Test
    void queryExpansionMatchesQueryStrings() {
        assertEquals(List.of("~/search?q=herald", "~/search"),
                delivered("~/search{?q}", "~/search?q=herald", "~/search", "~/search/q"));
    }

    @Test
    void templateMatchesTopicsThatAreTheTemplateTextItself() {
        assertEquals(List.of("~/books/{id}"), delivered("~/books/{id}", "~/books/{id}"));
    }

    @Test
    void alternateTopicMatchingATemplateDeliversTheUpdate() {
        String base = "https://example.com/s" + (++namespace);
        try (SseClient events = hub.subscribe(base + "/reviews/{id}")) {
            String id = hub.publish().topic(base + "/books/1", base + "/reviews/7").data("x").sendOk();
            assertEquals(id, events.next().id());
        }
    }
}
