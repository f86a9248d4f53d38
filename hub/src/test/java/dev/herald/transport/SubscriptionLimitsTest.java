package dev.herald.transport;

import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Subscriptions beyond the configured limits, or with malformed selectors, get a 400 with a reason. */
class SubscriptionLimitsTest {
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous", "--max-topics-per-subscription", "3", "--max-selector-length", "40");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static void assertRefused(SseClient events, String reason) {
        assertEquals(400, events.status(), events.errorBody());
        assertTrue(events.errorBody().contains(reason), events.errorBody());
        assertTrue(events.header("Content-Type").startsWith("text/plain"), events.header("Content-Type"));
    }

    @Test
    void subscriptionWithoutTopicIsRefused() {
        try (SseClient events = hub.subscriber().open()) {
            assertRefused(events, "missing topic");
        }
    }

    @Test
    void moreTopicsThanMaxTopicsPerSubscriptionAreRefused() {
        try (SseClient events = hub.subscriber().topics("a", "b", "c", "d").open()) {
            assertRefused(events, "too many topics");
        }
    }

    @Test
    void exactlyMaxTopicsPerSubscriptionIsAccepted() {
        try (SseClient events = hub.subscriber().topics("a", "b", "c").open()) {
            assertEquals(200, events.status());
        }
    }

    @Test
    void selectorLongerThanMaxSelectorLengthIsRefused() {
        try (SseClient events = hub.subscriber().topics("x".repeat(41)).open()) {
            assertRefused(events, "too long");
        }
    }

    @Test
    void selectorOfExactlyMaxSelectorLengthIsAccepted() {
        try (SseClient events = hub.subscriber().topics("x".repeat(40)).open()) {
            assertEquals(200, events.status());
        }
    }

    @Test
    void malformedUriTemplateIsRefused() {
        for (String template : new String[] {"https://e.com/{id", "https://e.com/{a}b}", "https://e.com/{}",
                "https://e.com/{a b}", "https://e.com/{+}"}) {
            try (SseClient events = hub.subscriber().topics(template).open()) {
                assertRefused(events, "invalid URI template");
            }
        }
    }

    @Test
    void emptyTopicSelectorIsRefused() {
        try (SseClient events = hub.subscriber().topics("").open()) {
            assertRefused(events, "empty topic");
        }
    }
}
