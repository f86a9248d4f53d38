package dev.herald.transport;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscriptions with URL patterns, end to end over every transport: absolute and relative
 * patterns (resolved against {@code hub_url}, here the default {@code https://localhost/.well-known/mercure}),
 * and a URL pattern beside a URI template of the same text, which are two different selectors.
 */
class UrlPatternSubscriptionTest {
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static SseClient open(String rawQuery) {
        SseClient events = hub.subscriber().rawQuery(rawQuery).open();
        assertEquals(200, events.status(), events.errorBody());
        return events;
    }

    @Test
    void absoluteUrlPatternSelectsTheTopicsItMatches() {
        try (SseClient events = open("match_urlpattern=" + TestHub.encode("https://example.com/books/:id"))) {
            hub.publish().topic("https://example.com/authors/1").data("no").sendOk();
            hub.publish().topic("https://example.com/books/1/chapters").data("no").sendOk();
            String id = hub.publish().topic("https://example.com/books/1").data("yes").sendOk();
            assertEquals(id, events.next().id());
        }
    }

    @Test
    void relativeUrlPatternResolvesAgainstTheHubUrl() {
        try (SseClient events = open("match_urlpattern=" + TestHub.encode("/shelf/:id"))) {
            hub.publish().topic("https://example.com/shelf/1").data("another host").sendOk();
            String relative = hub.publish().topic("/shelf/2").data("relative topic").sendOk();
            String absolute = hub.publish().topic("https://localhost/shelf/3").data("the hub's host").sendOk();
            assertEquals(relative, events.next().id());
            assertEquals(absolute, events.next().id());
        }
    }

    @Test
    void uriTemplateAndUrlPatternWithTheSameTextAreDifferentSelectors() {
        String text = "https://example.com/same/{id}";
        // As a URI template, {id} is any value; as a URL pattern, {id} is a group holding the literal "id".
        try (SseClient template = open("match_uritemplate=" + TestHub.encode(text));
             SseClient pattern = open("match_urlpattern=" + TestHub.encode(text))) {
            String expansion = hub.publish().topic("https://example.com/same/5").data("template only").sendOk();
            String literal = hub.publish().topic("https://example.com/same/id").data("both").sendOk();
            assertEquals(expansion, template.next().id());
            assertEquals(literal, template.next().id());
            assertEquals(literal, pattern.next().id());
        }
    }

    @Test
    void webSocketUnsubscribesTheUrlPatternAndKeepsTheTemplateOfTheSameText() {
        String text = "https://example.com/ws-same/{id}";
        try (WsClient ws = WsClient.connect(hub, "match_uritemplate=" + TestHub.encode(text)
                + "&match_urlpattern=" + TestHub.encode(text))) {
            assertEquals(2, ws.next("subscribed").getJsonArray("matchers").size());
            ws.send(new JsonObject().put("type", "unsubscribe").put("matchers",
                    new JsonArray().add(new JsonObject().put("match", text).put("match_type", "urlpattern"))));
            ws.next("unsubscribed");
            String literal = hub.publish().topic("https://example.com/ws-same/id").data("template still matches").sendOk();
            assertEquals(literal, ws.next("update").getString("id"));
            ws.send(new JsonObject().put("type", "unsubscribe").put("matchers",
                    new JsonArray().add(new JsonObject().put("match", text).put("match_type", "uritemplate"))));
            ws.next("unsubscribed");
            ws.send(new JsonObject().put("type", "subscribe").put("topics", new JsonArray().add("ws-same-sentinel")));
            ws.next("subscribed");
            hub.publish().topic("https://example.com/ws-same/id").data("nothing matches").sendOk();
            String sentinel = hub.publishSentinel("ws-same-sentinel");
            assertEquals(sentinel, ws.next("update").getString("id"));
        }
    }

    @Test
    void urlPatternAndTopicMixInOneRequest() {
        try (SseClient events = open("topic=plain&match_urlpattern=" + TestHub.encode("https://example.com/mix/*"))) {
            String one = hub.publish().topic("plain").data("1").sendOk();
            String two = hub.publish().topic("https://example.com/mix/a/b").data("2").sendOk();
            assertEquals(one, events.next().id());
            assertEquals(two, events.next().id());
        }
    }

    @Test
    void wildcardUrlPatternMatchesEveryTopic() {
        try (SseClient events = open("match_urlpattern=*")) {
            String id = hub.publish().topic("not a url at all").data("x").sendOk();
            assertEquals(id, events.next().id());
        }
    }

    @Test
    void invalidUrlPatternIsRefusedNamingTheParameter() {
        try (SseClient events = hub.subscriber().rawQuery("match_urlpattern=" + TestHub.encode("https://example.com/(unclosed")).open()) {
            assertEquals(400, events.status());
            assertTrue(events.errorBody().contains("'match_urlpattern'"), events.errorBody());
        }
    }

    @Test
    void urlPatternOverWebSocketAndLongPoll() {
        String pattern = "https://example.com/transports/:id";
        try (WsClient ws = WsClient.connect(hub, "")) {
            ws.next("subscribed");
            ws.send(new JsonObject().put("type", "subscribe").put("matchers",
                    new JsonArray().add(new JsonObject().put("match", pattern).put("match_type", "urlpattern"))));
            assertEquals("urlpattern", ws.next("subscribed").getJsonArray("matchers").getJsonObject(0).getString("match_type"));
            hub.publish().topic("https://example.com/other/1").data("no").sendOk();
            String id = hub.publish().topic("https://example.com/transports/1").data("yes").sendOk();
            assertEquals(id, ws.next("update").getString("id"));
            HttpResult poll = Http.get(hub.hubUrl() + "?match_urlpattern=" + TestHub.encode(pattern) + "&last_event_id=earliest",
                    Map.of("Accept", "application/json"));
            JsonArray updates = new JsonObject(poll.body()).getJsonArray("updates");
            assertEquals(1, updates.size(), poll.body());
            assertEquals(id, updates.getJsonObject(0).getString("id"));
        }
    }
}
