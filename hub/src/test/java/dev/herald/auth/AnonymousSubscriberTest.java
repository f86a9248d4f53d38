package dev.herald.auth;

import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Subscribers without a token: allowed only with {@code --anonymous}, and only for public updates. */
class AnonymousSubscriberTest {
    private static final String TOPIC = "https://example.com/books/1";

    @Test
    void anonymousSubscriberIsRefusedWithoutTheAnonymousOption() {
        try (TestHub hub = TestHub.start(); SseClient events = hub.subscribe(TOPIC)) {
            assertEquals(401, events.status());
            assertTrue(events.errorBody().contains("anonymous"), events.errorBody());
        }
    }

    @Test
    void anonymousSubscriberGetsPublicUpdatesOnly() {
        try (TestHub hub = TestHub.start("--anonymous"); SseClient events = hub.subscribe("*")) {
            assertEquals(200, events.status());
            String publicId = hub.publish().topic(TOPIC).data("public").sendOk();
            hub.publish().topic(TOPIC).data("private").privately().sendOk();
            String sentinel = hub.publishSentinel(TOPIC);
            assertEquals(publicId, events.next().id());
            assertEquals(sentinel, events.next().id());
        }
    }

    @Test
    void invalidTokenIsRefusedEvenWhenAnonymousIsAllowed() {
        try (TestHub hub = TestHub.start("--anonymous");
             SseClient events = hub.subscriber().token(Tokens.wrongKey().subscriber("*")).topics(TOPIC).open()) {
            assertEquals(401, events.status());
        }
    }

    @Test
    void anonymousOnlyHubWithoutSubscriberKeyServesAnonymousSubscribers() {
        try (TestHub hub = TestHub.builder().noDefaultKeys()
                .args("--publisher-jwt-key", TestHub.KEY, "--anonymous").start();
             SseClient events = hub.subscribe(TOPIC)) {
            assertEquals(200, events.status());
            String id = hub.publish().topic(TOPIC).data("x").sendOk();
            assertEquals(id, events.next().id());
        }
    }
}
