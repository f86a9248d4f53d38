package dev.herald.auth;

import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code mercure} claim: {@code publish}, {@code subscribe} and {@code payload}. */
class ClaimsTest {
    private static final String BOOK = "https://example.com/books/1";
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static int publishWith(String token, String... topics) {
        HttpResult result = hub.publish().token(token).topic(topics).data("x").send();
        return result.status();
    }

    @Test
    void publishClaimWithTheExactTopicAllowsPublishingToIt() {
        assertEquals(200, publishWith(hub.tokens().publisher(BOOK), BOOK));
        assertEquals(403, publishWith(hub.tokens().publisher(BOOK), "https://example.com/books/2"));
    }

    @Test
    void publishClaimWithATemplateAllowsPublishingToItsExpansions() {
        String token = hub.tokens().publisher("https://example.com/books/{id}");
        assertEquals(200, publishWith(token, BOOK));
        assertEquals(403, publishWith(token, "https://example.com/authors/1"));
    }

    @Test
    void publishClaimWithWildcardAllowsEveryTopic() {
        assertEquals(200, publishWith(hub.tokens().publisher("*"), "urn:anything", BOOK));
    }

    @Test
    void everyTopicOfAnUpdateMustBeCoveredByThePublishClaim() {
        String token = hub.tokens().publisher(BOOK, "https://example.com/reviews/{id}");
        assertEquals(200, publishWith(token, BOOK, "https://example.com/reviews/9"));
        assertEquals(403, publishWith(token, BOOK, "https://example.com/authors/9"));
    }

    @Test
    void missingOrEmptyPublishClaimAllowsNothing() {
        assertEquals(403, publishWith(hub.tokens().claims(Map.of("sub", "x")), BOOK));
        assertEquals(403, publishWith(hub.tokens().mercure(Map.of()), BOOK));
        assertEquals(403, publishWith(hub.tokens().publisher(), BOOK));
        assertEquals(403, publishWith(hub.tokens().subscriber("*"), BOOK));
    }

    @Test
    void malformedMercureClaimIsAnInvalidToken() {
        assertEquals(401, publishWith(hub.tokens().claims(Map.of("mercure", "publish everything")), BOOK));
        assertEquals(401, publishWith(hub.tokens().mercure(Map.of("publish", "*")), BOOK));
        assertEquals(401, publishWith(hub.tokens().mercure(Map.of("publish", List.of(1, 2))), BOOK));
        assertEquals(401, publishWith(hub.tokens().publisher("https://example.com/{broken"), BOOK));
    }

    @Test
    void subscribeClaimGrantsPrivateUpdatesOfMatchingTopics() {
        String topic = "https://example.com/claims/private";
        try (SseClient granted = hub.subscriber().token(hub.tokens().subscriber(topic)).topics(topic).open();
             SseClient other = hub.subscriber().token(hub.tokens().subscriber("https://example.com/x")).topics(topic)
                     .open()) {
            String secret = hub.publish().topic(topic).data("secret").privately().sendOk();
            String sentinel = hub.publishSentinel(topic);
            assertEquals(secret, granted.next().id());
            assertEquals(sentinel, granted.next().id());
            assertEquals(sentinel, other.next().id());
        }
    }

    @Test
    void subscriberTokenWithPayloadAndExpiryIsAccepted() {
        Object payload = Map.of("user", "https://example.com/users/1", "roles", List.of("reader"));
        String token = hub.tokens().subscriber(List.of(BOOK), payload, Instant.now().plusSeconds(3600));
        try (SseClient events = hub.subscriber().token(token).topics(BOOK).open()) {
            assertEquals(200, events.status());
            String id = hub.publish().topic(BOOK).data("x").privately().sendOk();
            assertEquals(id, events.next().id());
        }
    }

    @Test
    void malformedSubscribeClaimIsAnInvalidToken() {
        try (SseClient events = hub.subscriber().token(hub.tokens().mercure(Map.of("subscribe", BOOK))).topics(BOOK)
                .open()) {
            assertEquals(401, events.status(), events.errorBody());
        }
    }

    @Test
    void publishClaimGrantsNoPrivateUpdates() {
        String topic = "https://example.com/claims/publisher-only";
        try (SseClient events = hub.subscriber().token(hub.tokens().publisher("*")).topics(topic).open()) {
            hub.publish().topic(topic).data("secret").privately().sendOk();
            String sentinel = hub.publishSentinel(topic);
            assertEquals(sentinel, events.next().id());
        }
    }
}
