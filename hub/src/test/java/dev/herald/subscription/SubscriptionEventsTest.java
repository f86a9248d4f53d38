package dev.herald.subscription;

import dev.herald.core.MatcherType;
import dev.herald.core.TopicSelector;
import dev.herald.testing.AccessTokens;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.herald.testing.SubscriptionsApiClient.PATH;
import static dev.herald.testing.SubscriptionsApiClient.expand;
import static dev.herald.testing.SubscriptionsApiClient.listed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscription events: a private update on the draft-07 and on the draft-08 topic of a
 * subscription each time one starts or ends, whatever the transport that made it.
 */
class SubscriptionEventsTest {
    private static final String DRAFT07_TEMPLATE = PATH + "/{topic}{/subscriber}";
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start("--anonymous", "--subscription-events");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aDraft07TemplateSubscriberSeesAnotherClientComeAndGo() {
        String topic = "https://example.com/draft07/" + System.nanoTime();
        try (SseClient watcher = hub.subscriber().topics(DRAFT07_TEMPLATE)
                .token(hub.tokens().subscriber(DRAFT07_TEMPLATE)).open()) {
            SseClient other = hub.subscriber().topics(topic)
                    .token(hub.tokens().subscriber(List.of(topic), Map.of("who", "other"), null)).open();
            SseEvent created = nextAbout(watcher, topic);
            JsonObject document = new JsonObject(created.data());
            String subscriber = document.getString("subscriber");
            String draft07Topic = PATH + "/" + expand(topic) + "/" + expand(subscriber);
            assertEquals(draft07Topic, document.getString("id"), "the id is the event's own (draft-07) topic");
            assertEquals("https://mercure.rocks/", document.getString("@context"));
            assertEquals("Subscription", document.getString("type"));
            assertEquals("exact", document.getString("match_type"));
            assertEquals(topic, document.getString("match"));
            assertTrue(document.getBoolean("active"));
            assertEquals(new JsonObject().put("who", "other"), document.getJsonObject("payload"));

            other.close();
            JsonObject ended = new JsonObject(nextAbout(watcher, topic).data());
            assertEquals(draft07Topic, ended.getString("id"));
            assertEquals(subscriber, ended.getString("subscriber"));
            assertFalse(ended.getBoolean("active"));
        }
    }

    @Test
    void aDraft08ExactSubscriberSeesTheSubscriptionItNamesEnd() {
        String topic = "https://example.com/draft08/" + System.nanoTime();
        SseClient other = hub.subscribe(topic);
        String admin = hub.tokens().subscriber("*");
        String subscriber = listed(hub.baseUrl(), admin, topic).get(0).getString("subscriber");
        String eventTopic = PATH + "/exact/" + expand(topic) + "/" + expand(subscriber);
        try (SseClient watcher = hub.subscriber().topics(eventTopic).token(hub.tokens().subscriber(eventTopic)).open()) {
            other.close();
            JsonObject ended = new JsonObject(watcher.next().data());
            assertEquals(eventTopic, ended.getString("id"), "the id is the event's own (draft-08) topic");
            assertEquals("exact", ended.getString("match_type"));
            assertEquals(topic, ended.getString("match"));
            assertEquals(topic, ended.getString("topic"));
            assertEquals(subscriber, ended.getString("subscriber"));
            assertFalse(ended.getBoolean("active"));
        }
    }

    @Test
    void eventsArePrivate() {
        String topic = "https://example.com/private/" + System.nanoTime();
        try (SseClient anonymous = hub.subscribe(DRAFT07_TEMPLATE, "https://example.com/sentinel");
             SseClient withoutGrant = hub.subscriber().topics(DRAFT07_TEMPLATE, "https://example.com/sentinel")
                     .token(hub.tokens().subscriber("https://example.com/other")).open()) {
            hub.subscribe(topic).close();
            try (SseClient granted = hub.subscriber().topics(DRAFT07_TEMPLATE)
                    .token(hub.tokens().subscriber(DRAFT07_TEMPLATE)).open()) {
                hub.subscribe(topic).close();
                nextAbout(granted, topic);
            }
            String sentinel = hub.publishSentinel("https://example.com/sentinel");
            assertEquals(sentinel, anonymous.next().id(), "an anonymous subscriber gets no subscription event");
            assertEquals(sentinel, withoutGrant.next().id(), "nor does a token that does not grant the topic");
        }
    }

    @Test
    void webSocketCommandsStartAndEndSubscriptions() {
        String first = "https://example.com/ws/first/" + System.nanoTime();
        String added = "https://example.com/ws/added/" + System.nanoTime();
        String admin = hub.tokens().subscriber("*");
        try (SseClient watcher = hub.subscriber().topics(DRAFT07_TEMPLATE).token(admin).open();
             WsClient client = WsClient.connect(hub, "topic=" + TestHub.encode(first))) {
            client.next("subscribed");
            String subscriber = new JsonObject(nextAbout(watcher, first).data()).getString("subscriber");
            client.send(new JsonObject().put("type", "subscribe").put("topics", new JsonArray().add(added)));
            client.next("subscribed");
            JsonObject started = new JsonObject(nextAbout(watcher, added).data());
            assertTrue(started.getBoolean("active"));
            assertEquals(subscriber, started.getString("subscriber"), "the same connection, the same subscriber");
            assertEquals(subscriber, listed(hub.baseUrl(), admin, added).get(0).getString("subscriber"));

            client.send(new JsonObject().put("type", "unsubscribe").put("topics", new JsonArray().add(first)));
            client.next("unsubscribed");
            assertFalse(new JsonObject(nextAbout(watcher, first).data()).getBoolean("active"));
            assertEquals(List.of(), listed(hub.baseUrl(), admin, first));
        }
    }

    @Test
    void theDraft08UrlPatternOfTheSpecMatchesTheEventTopics() {
        String topic = "https://example.com/pattern/" + System.nanoTime();
        try (SseClient watcher = hub.subscriber().topics(DRAFT07_TEMPLATE)
                .token(hub.tokens().subscriber(DRAFT07_TEMPLATE)).open();
             SseClient other = hub.subscribe(topic)) {
            String subscriber = new JsonObject(nextAbout(watcher, topic).data()).getString("subscriber");
            String draft08Topic = PATH + "/exact/" + expand(topic) + "/" + expand(subscriber);
            TopicSelector pattern = TopicSelector.of(MatcherType.URL_PATTERN, PATH + "/exact/:topic/:subscriber",
                    hub.config().server().hubUrl());
            assertTrue(pattern.matches(draft08Topic), draft08Topic);
            assertFalse(pattern.matches(PATH + "/" + expand(topic) + "/" + expand(subscriber)),
                    "the draft-07 topic has one segment less");
        }
    }

    @Test
    void aDraft08MatchSubscriberSeesTheSubscriptionItNamesStartAndEnd() {
        String topic = "https://example.com/match/" + System.nanoTime();
        String admin = hub.tokens().subscriber("*");
        try (SseClient other = hub.subscribe(topic)) {
            String subscriber = listed(hub.baseUrl(), admin, topic).get(0).getString("subscriber");
            String eventTopic = PATH + "/exact/" + expand(topic) + "/" + expand(subscriber);
            String token = new AccessTokens(hub.tokens()).token(List.of(AccessTokens.detail(List.of("subscribe"),
                    List.of(AccessTokens.match(eventTopic)), null)));
            try (SseClient watcher = hub.subscriber().query("match", eventTopic).token(token).open()) {
                other.close();
                JsonObject ended = new JsonObject(watcher.next().data());
                assertEquals(eventTopic, ended.getString("id"));
                assertFalse(ended.getBoolean("active"));
            }
        }
    }

    @Test
    void aDraft08UrlPatternSubscriberSeesAnotherClientComeAndGo() {
        String pattern = PATH + "/exact/:topic/:subscriber";
        String topic = "https://example.com/urlpattern/" + System.nanoTime();
        String token = new AccessTokens(hub.tokens()).token(List.of(AccessTokens.detail(List.of("subscribe"),
                List.of(AccessTokens.match(pattern, "urlpattern")), null)));
        try (SseClient watcher = hub.subscriber().query("match_urlpattern", pattern).token(token).open()) {
            SseClient other = hub.subscribe(topic);
            JsonObject started = new JsonObject(nextAbout(watcher, topic).data());
            String subscriber = started.getString("subscriber");
            assertEquals(PATH + "/exact/" + expand(topic) + "/" + expand(subscriber), started.getString("id"),
                    "the draft-08 event, not the draft-07 one, which the pattern does not match");
            assertTrue(started.getBoolean("active"));
            other.close();
            JsonObject ended = new JsonObject(nextAbout(watcher, topic).data());
            assertEquals(started.getString("id"), ended.getString("id"));
            assertFalse(ended.getBoolean("active"));
        }
    }

    @Test
    void aUrlPatternSubscriptionIsListedAsOne() {
        String pattern = "https://example.com/listed/:id";
        String admin = hub.tokens().subscriber("*");
        try (SseClient client = hub.subscriber().query("match_urlpattern", pattern).open()) {
            JsonObject listed = listed(hub.baseUrl(), admin, pattern).get(0);
            assertEquals("urlpattern", listed.getString("match_type"));
            assertEquals(PATH + "/urlpattern/" + expand(pattern) + "/" + expand(listed.getString("subscriber")),
                    listed.getString("id"));
        }
    }

    /** The next event whose document is about a subscription to {@code topic}, skipping the others. */
    private static SseEvent nextAbout(SseClient watcher, String topic) {
        while (true) {
            SseEvent event = watcher.next();
            if (topic.equals(new JsonObject(event.data()).getString("topic"))) {
                return event;
            }
        }
    }
}
