package dev.herald.auth;

import dev.herald.testing.AccessTokens;
import dev.herald.testing.LongPoller;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.herald.testing.AccessTokens.detail;
import static dev.herald.testing.AccessTokens.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draft-08 tokens end to end (Publishers, Subscribers): a {@code publish} detail lets its holder
 * publish, a {@code subscribe} detail lets its holder receive private updates of its topics, and
 * draft-07 and draft-08 clients share one hub.
 */
class Draft08TokenTest {
    private static final String TOPIC = "https://example.com/draft08/books/1";
    private static TestHub hub;
    private static AccessTokens tokens;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
        tokens = new AccessTokens(hub.tokens());
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void publishDetailAllowsPublishingToItsTopicsOnly() {
        String token = tokens.publisher(TOPIC);
        assertEquals(200, hub.publish().token(token).topic(TOPIC).data("x").send().status());
        assertEquals(403, hub.publish().token(token).topic("https://example.com/draft08/books/2").data("x").send().status());
    }

    @Test
    void subscribeDetailGrantsPrivateUpdatesOfItsTopicsOnly() {
        String other = "https://example.com/draft08/books/7";
        try (SseClient granted = hub.subscriber().token(tokens.subscriber(TOPIC)).topics(TOPIC, other).open();
             SseClient notGranted = hub.subscriber().token(tokens.subscriber(other)).topics(TOPIC, other).open()) {
            String secret = hub.publish().token(tokens.publisher(TOPIC)).topic(TOPIC).data("secret").privately().sendOk();
            String sentinel = hub.publishSentinel(TOPIC);
            assertEquals(secret, granted.next().id());
            assertEquals(sentinel, granted.next().id());
            assertEquals(sentinel, notGranted.next().id(), "the routing matcher never widens what the token grants");
        }
    }

    @Test
    void aUrlPatternGrantDeliversThePrivateUpdatesOfTheTopicsItMatches() {
        String book = "https://example.com/draft08/patterns/1";
        String author = "https://example.com/draft08/authors/1";
        String token = tokens.token(List.of(detail(List.of("subscribe"),
                List.of(match("https://example.com/draft08/patterns/:id", "urlpattern")), null)));
        try (SseClient events = hub.subscriber().token(token).topics(book, author).open()) {
            assertEquals(200, events.status(), events.errorBody());
            String granted = hub.publish().topic(book).data("secret").privately().sendOk();
            hub.publish().topic(author).data("not granted").privately().sendOk();
            String sentinel = hub.publishSentinel(author);
            assertEquals(granted, events.next().id());
            assertEquals(sentinel, events.next().id());
        }
    }

    @Test
    void aDetailWithoutTheSubscribeActionGrantsNoPrivateUpdates() {
        String token = tokens.token(List.of(detail(List.of("publish", "future-action"), List.of(match("*")), null)));
        try (SseClient events = hub.subscriber().token(token).topics(TOPIC).open()) {
            assertEquals(200, events.status());
            hub.publish().topic(TOPIC).data("secret").privately().sendOk();
            String sentinel = hub.publishSentinel(TOPIC);
            assertEquals(sentinel, events.next().id());
        }
    }

    @Test
    void draft07AndDraft08ClientsShareTopicsAndPrivateUpdates() {
        try (SseClient draft07 = hub.subscriber().token(hub.tokens().subscriber(TOPIC)).topics(TOPIC).open();
             SseClient draft08 = hub.subscriber().token(tokens.subscriber(TOPIC)).topics(TOPIC).open()) {
            String fromDraft08 = hub.publish().token(tokens.publisher(TOPIC)).topic(TOPIC).data("a").privately().sendOk();
            String fromDraft07 = hub.publish().token(hub.tokens().publisher(TOPIC)).topic(TOPIC).data("b").privately()
                    .sendOk();
            assertEquals(List.of(fromDraft08, fromDraft07), List.of(draft07.next().id(), draft07.next().id()));
            assertEquals(List.of(fromDraft08, fromDraft07), List.of(draft08.next().id(), draft08.next().id()));
        }
    }

    @Test
    void aWebSocketAuthenticatedInBandWithADraft08TokenReceivesItsPrivateUpdates() {
        String topic = "https://example.com/draft08/ws";
        try (WsClient client = WsClient.connect(hub, "topic=" + TestHub.encode(topic))) {
            client.next("auth_required");
            client.send(new JsonObject().put("type", "auth").put("ref", "a").put("token", tokens.subscriber(topic)));
            assertEquals("a", client.next("authenticated").getString("ref"));
            client.next("subscribed");
            String secret = hub.publish().topic(topic).data("secret").privately().sendOk();
            assertEquals(secret, client.next("update").getString("id"));
        }
    }

    @Test
    void replayedPrivateUpdatesAreCheckedAgainstTheDraft08Token() {
        String topic = "https://example.com/draft08/replayed";
        String before = hub.publishSentinel(topic);
        String secret = hub.publish().topic(topic).data("secret").privately().sendOk();
        String after = hub.publishSentinel(topic);
        LongPoller.Poll granted = LongPoller.poll(hub, before, tokens.subscriber(topic), topic);
        assertEquals(List.of(secret, after), granted.updates().stream().map(update -> update.getString("id")).toList());
        LongPoller.Poll other = LongPoller.poll(hub, before, tokens.subscriber("https://example.com/elsewhere"), topic);
        assertEquals(List.of(after), other.updates().stream().map(update -> update.getString("id")).toList());
    }

    @Test
    void theConnectionEndsAtTheTokensExp() {
        Map<String, Object> claims = new java.util.LinkedHashMap<>(
                AccessTokens.claims(List.of(detail(List.of("subscribe"), List.of(match("*")), null))));
        claims.put("exp", Instant.now().plusSeconds(4).getEpochSecond());
        try (SseClient events = hub.subscriber().token(tokens.withClaims(claims)).topics(TOPIC).open()) {
            assertEquals(200, events.status(), events.errorBody());
            assertTrue(events.awaitEnd(Duration.ofSeconds(8)), "the stream should end when the token expires");
        }
    }

    @Test
    void anInvalidDetailIsA401OnSubscribeToo() {
        String token = tokens.token(List.of(detail(List.of("subscribe"), List.of(match(TOPIC, "regex")), null)));
        try (SseClient events = hub.subscriber().token(token).topics(TOPIC).open()) {
            assertEquals(401, events.status());
            assertEquals("invalid token: authorization_details names a match_type this hub does not support"
                    + " (exact, urlpattern, uritemplate)\n", events.errorBody());
        }
    }
}
