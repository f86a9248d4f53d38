package dev.herald.server;

import dev.herald.testing.AccessTokens;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.herald.testing.SubscriptionsApiClient.PATH;
import static dev.herald.testing.SubscriptionsApiClient.document;
import static dev.herald.testing.SubscriptionsApiClient.expand;
import static dev.herald.testing.SubscriptionsApiClient.get;
import static dev.herald.testing.SubscriptionsApiClient.listed;
import static dev.herald.testing.SubscriptionsApiClient.subscriptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The subscriptions API of draft-07 and draft-08 on one hub: the same subscriptions under both
 * drafts' paths, with documents either kind of client reads, behind the subscriber's token.
 */
class SubscriptionsApiTest {
    private static final String BOOKS = "https://example.com/books/{id}";
    private static final String NEWS = "https://example.com/news";
    private static TestHub hub;
    private static SseClient reader;
    private static SseClient anonymous;
    private static String admin;

    @BeforeAll
    static void start() {
        hub = TestHub.start("--anonymous", "--subscription-events");
        reader = hub.subscriber().topics(BOOKS)
                .token(hub.tokens().subscriber(List.of("https://example.com/books/1"), Map.of("name", "reader"), null))
                .open();
        anonymous = hub.subscribe(NEWS);
        admin = hub.tokens().subscriber(PATH + "{/path*}", PATH);
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            reader.close();
            anonymous.close();
            hub.close();
        }
    }

    @Test
    void theCollectionListsEverySubscriptionWithBothDraftsProperties() {
        String sentinel = hub.publishSentinel("https://example.com/sentinel");
        HttpResult result = get(hub.baseUrl(), PATH, admin);
        assertEquals(200, result.status(), result.toString());
        assertEquals("application/ld+json", result.contentType());
        JsonObject root = new JsonObject(result.body());
        assertEquals("https://mercure.rocks/", root.getString("@context"));
        assertEquals(PATH, root.getString("id"));
        assertEquals("Subscriptions", root.getString("type"));
        assertEquals(sentinel, root.getString("last_event_id"), "the newest update the token may see");
        assertEquals(sentinel, root.getString("lastEventID"), "draft-07's name for it");

        JsonObject books = only(listed(hub.baseUrl(), admin, BOOKS));
        String subscriber = books.getString("subscriber");
        assertTrue(subscriber.matches("urn:uuid:[0-9a-f-]{36}"), subscriber);
        assertEquals(PATH + "/uritemplate/" + expand(BOOKS) + "/" + expand(subscriber), books.getString("id"),
                "the root collection names subscriptions by their draft-08 path");
        assertEquals("Subscription", books.getString("type"));
        assertEquals("uritemplate", books.getString("match_type"));
        assertEquals(BOOKS, books.getString("match"));
        assertEquals(BOOKS, books.getString("topic"));
        assertTrue(books.getBoolean("active"));
        assertEquals(new JsonObject().put("name", "reader"), books.getJsonObject("payload"), "the token's payload");

        JsonObject news = only(listed(hub.baseUrl(), admin, NEWS));
        assertEquals("exact", news.getString("match_type"));
        assertFalse(news.containsKey("payload"), "an anonymous subscriber has no payload");
        assertFalse(news.getString("subscriber").equals(subscriber), "each connection has its own identifier");
    }

    @Test
    void draft07PathsListOneTopicAndOneSubscriptionWithDraft07Ids() {
        String subscriber = only(listed(hub.baseUrl(), admin, BOOKS)).getString("subscriber");
        String topicPath = PATH + "/" + expand(BOOKS);
        JsonObject collection = document(hub.baseUrl(), topicPath, admin);
        assertEquals(topicPath, collection.getString("id"));
        assertEquals("Subscriptions", collection.getString("type"));
        JsonObject listed = only(subscriptions(collection));
        assertEquals(topicPath + "/" + expand(subscriber), listed.getString("id"));

        JsonObject single = document(hub.baseUrl(), topicPath + "/" + expand(subscriber), admin);
        assertEquals(topicPath + "/" + expand(subscriber), single.getString("id"));
        assertEquals(BOOKS, single.getString("topic"));
        assertEquals(subscriber, single.getString("subscriber"));
        assertEquals("https://mercure.rocks/", single.getString("@context"));
        assertTrue(single.containsKey("lastEventID"));
        assertEquals(single.getString("lastEventID"), single.getString("last_event_id"));
    }

    @Test
    void draft08PathsListOneMatcherAndOneSubscription() {
        String subscriber = only(listed(hub.baseUrl(), admin, NEWS)).getString("subscriber");
        String matcherPath = PATH + "/exact/" + expand(NEWS);
        JsonObject collection = document(hub.baseUrl(), matcherPath, admin);
        assertEquals(matcherPath, collection.getString("id"));
        JsonObject listed = only(subscriptions(collection));
        assertEquals(matcherPath + "/" + expand(subscriber), listed.getString("id"));
        assertEquals(NEWS, listed.getString("match"));

        JsonObject single = document(hub.baseUrl(), matcherPath + "/" + expand(subscriber), admin);
        assertEquals(matcherPath + "/" + expand(subscriber), single.getString("id"));
        assertEquals("exact", single.getString("match_type"));
        assertTrue(single.getBoolean("active"));
        assertTrue(single.containsKey("last_event_id"));

        assertEquals(List.of(), subscriptions(document(hub.baseUrl(), PATH + "/uritemplate/" + expand(NEWS), admin)),
                "the same text under another matcher type is another matcher");
    }

    @Test
    void anUnknownSubscriptionIs404() {
        String unknown = expand("urn:uuid:00000000-0000-4000-8000-000000000000");
        assertEquals(404, get(hub.baseUrl(), PATH + "/exact/" + expand(NEWS) + "/" + unknown, admin).status());
        assertEquals(404, get(hub.baseUrl(), PATH + "/" + expand(NEWS) + "/" + unknown, admin).status());
        assertEquals(404, get(hub.baseUrl(), PATH + "/nomatcher/" + expand(NEWS) + "/" + unknown, admin).status(),
                "three segments need a matcher type first");
        assertEquals(404, get(hub.baseUrl(), PATH + "/a/b/c/d", admin).status());
        assertEquals(404, get(hub.baseUrl(), PATH + "//" + expand(NEWS), admin).status());
    }

    @Test
    void aRequestWithoutTokenIs401AndAnInvalidOneToo() {
        HttpResult missing = get(hub.baseUrl(), PATH, null);
        assertEquals(401, missing.status(), "anonymous subscribers may not read the list");
        assertTrue(missing.header("WWW-Authenticate").startsWith("Bearer"), missing.header("WWW-Authenticate"));
        assertFalse(missing.header("WWW-Authenticate").contains("error="), "no token, no error code (RFC 6750)");
        assertEquals(401, get(hub.baseUrl(), PATH, Tokens.wrongKey().subscriber("*")).status());
        assertEquals(400, get(hub.baseUrl(), PATH + "?access_token=" + admin, null).status(),
                "draft-08's query token is refused here as on the subscribe path");
    }

    @Test
    void aTokenWhoseSubscribeClaimDoesNotMatchThePathIs403() {
        assertEquals(403, get(hub.baseUrl(), PATH, hub.tokens().subscriber(NEWS)).status());
        String collectionOnly = hub.tokens().subscriber(PATH);
        assertEquals(200, get(hub.baseUrl(), PATH, collectionOnly).status());
        HttpResult deeper = get(hub.baseUrl(), PATH + "/exact/" + expand(NEWS), collectionOnly);
        assertEquals(403, deeper.status(), "each path is a topic of its own");
        assertEquals(200, get(hub.baseUrl(), PATH + "/exact/" + expand(NEWS),
                hub.tokens().subscriber(PATH + "/exact/" + expand(NEWS))).status(), "an exact grant of that path");
        assertEquals(403, get(hub.baseUrl(), PATH + "?x=1", hub.tokens().subscriber(PATH + "?x=1")).status(),
                "the query is not part of the topic");
    }

    @Test
    void aDraft08TokenWithAUrlPatternGrantReadsTheSubscriptionsItCovers() {
        AccessTokens draft08 = new AccessTokens(hub.tokens());
        String subscriber = only(listed(hub.baseUrl(), admin, NEWS)).getString("subscriber");
        String single = PATH + "/exact/" + expand(NEWS) + "/" + expand(subscriber);
        String token = draft08.token(List.of(AccessTokens.detail(List.of("subscribe"),
                List.of(AccessTokens.match(PATH + "/exact/:match/:subscriber", "urlpattern")), null)));
        assertEquals(subscriber, document(hub.baseUrl(), single, token).getString("subscriber"),
                "a relative URL pattern, resolved against hub_url, matches the relative path");
        assertEquals(403, get(hub.baseUrl(), PATH, token).status(), "the collection is not under the pattern");
        String publishOnly = draft08.token(List.of(AccessTokens.detail(List.of("publish"),
                List.of(AccessTokens.match(PATH + "/exact/:match/:subscriber", "urlpattern")), null)));
        assertEquals(403, get(hub.baseUrl(), single, publishOnly).status(), "the subscribe action is needed");
    }

    @Test
    void aDraft08TokenShowsThePayloadOfTheDetailThatCoversTheSubscription() {
        String topic = "https://example.com/draft08-payload";
        AccessTokens draft08 = new AccessTokens(hub.tokens());
        String token = draft08.token(List.of(
                AccessTokens.detail(List.of("subscribe"), List.of(AccessTokens.match("https://example.com/other")),
                        Map.of("for", "other")),
                AccessTokens.detail(List.of("subscribe"), List.of(AccessTokens.match(topic)), Map.of("for", "this"))));
        try (SseClient client = hub.subscriber().topics(topic).token(token).open()) {
            assertEquals(new JsonObject().put("for", "this"), only(listed(hub.baseUrl(), admin, topic)).getJsonObject("payload"));
        }
    }

    @Test
    void anEndedSubscriptionLeavesTheList() {
        SseClient passing = hub.subscribe("https://example.com/passing");
        only(listed(hub.baseUrl(), admin, "https://example.com/passing"));
        passing.close();
        dev.herald.testing.Await.until("the ended subscription leaves the list", java.time.Duration.ofSeconds(5),
                () -> listed(hub.baseUrl(), admin, "https://example.com/passing").isEmpty());
    }

    @Test
    void variablesArePercentEncodedExactlyOnce() {
        String encodedTopic = "https://example.com/a%20b/c d";
        try (SseClient client = hub.subscribe(encodedTopic)) {
            JsonObject listed = only(listed(hub.baseUrl(), admin, encodedTopic));
            String subscriber = listed.getString("subscriber");
            assertEquals(PATH + "/exact/https%3A%2F%2Fexample.com%2Fa%2520b%2Fc%20d/" + expand(subscriber),
                    listed.getString("id"), "the % already in the topic is encoded, once");
            assertEquals(listed.getString("id"), document(hub.baseUrl(), listed.getString("id"), admin).getString("id"),
                    "and the id is where the subscription is served");
        }
    }

    @Test
    void aHubThatDispatchedNothingAnswersEarliest() {
        try (TestHub fresh = TestHub.start("--subscription-events")) {
            JsonObject root = document(fresh.baseUrl(), PATH, fresh.tokens().subscriber(PATH));
            assertEquals("earliest", root.getString("last_event_id"));
            assertEquals("earliest", root.getString("lastEventID"));
            assertEquals(List.of(), subscriptions(root));
        }
    }

    @Test
    void aBrowserOfAnAllowedOriginMayReadTheList() {
        String origin = "https://app.example.com";
        try (TestHub withCors = TestHub.start("--subscription-events", "--cors-origins", origin)) {
            HttpResult preflight = dev.herald.testing.Http.request(io.vertx.core.http.HttpMethod.OPTIONS,
                    withCors.baseUrl() + PATH, Map.of("Origin", origin, "Access-Control-Request-Method", "GET",
                            "Access-Control-Request-Headers", "Authorization"), null);
            assertEquals(204, preflight.status(), preflight.toString());
            assertEquals(origin, preflight.header("Access-Control-Allow-Origin"));
            HttpResult read = dev.herald.testing.Http.get(withCors.baseUrl() + PATH, Map.of("Origin", origin,
                    "Authorization", "Bearer " + withCors.tokens().subscriber(PATH)));
            assertEquals(200, read.status());
            assertEquals(origin, read.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void idsTopicsAndAuthorizationFollowThePathOfTheHubUrl() {
        String prefixed = "/tenant/.well-known/mercure/subscriptions";
        try (TestHub behindProxy = TestHub.start("--anonymous", "--subscription-events",
                "--hub-url", "https://hub.example.com/tenant/.well-known/mercure");
             SseClient watcher = behindProxy.subscriber().topics(prefixed + "/{topic}{/subscriber}")
                     .token(behindProxy.tokens().subscriber(prefixed + "/{topic}{/subscriber}")).open();
             SseClient client = behindProxy.subscribe(NEWS)) {
            JsonObject event = new JsonObject(watcher.next().data());
            while (!NEWS.equals(event.getString("topic"))) { // the watcher's own subscription may come first
                event = new JsonObject(watcher.next().data());
            }
            String subscriber = event.getString("subscriber");
            assertEquals(prefixed + "/" + expand(NEWS) + "/" + expand(subscriber), event.getString("id"));

            assertEquals(403, get(behindProxy.baseUrl(), PATH, behindProxy.tokens().subscriber(PATH)).status(),
                    "the topic to authorize is the path clients see, under the hub URL's path");
            JsonObject root = document(behindProxy.baseUrl(), PATH, behindProxy.tokens().subscriber(prefixed));
            assertEquals(prefixed, root.getString("id"));
            assertEquals(prefixed + "/exact/" + expand(NEWS) + "/" + expand(subscriber),
                    only(subscriptions(root).stream().filter(listed -> NEWS.equals(listed.getString("topic"))).toList())
                            .getString("id"));
        }
    }

    @Test
    void withoutTheOptionThereIsNoApi() {
        try (TestHub plain = TestHub.start("--anonymous")) {
            assertEquals(404, get(plain.baseUrl(), PATH, plain.tokens().subscriber("*")).status());
        }
    }

    private static JsonObject only(List<JsonObject> documents) {
        assertEquals(1, documents.size(), documents.toString());
        return documents.get(0);
    }
}
