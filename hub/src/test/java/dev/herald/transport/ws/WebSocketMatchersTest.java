package dev.herald.transport.ws;

import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draft-08's typed matchers over WebSocket: the upgrade's {@code match*} parameters, and
 * {@code matchers} in {@code subscribe} and {@code unsubscribe} commands beside draft-07's
 * {@code topics}, with the same checks and limits as the URL.
 */
class WebSocketMatchersTest {
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous", "--max-topics-per-subscription", "3");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static JsonObject matcher(String match, String type) {
        JsonObject matcher = new JsonObject().put("match", match);
        return type == null ? matcher : matcher.put("match_type", type);
    }

    private static JsonObject command(String type, String ref, JsonObject... matchers) {
        JsonArray array = new JsonArray();
        for (JsonObject matcher : matchers) {
            array.add(matcher);
        }
        return new JsonObject().put("type", type).put("ref", ref).put("matchers", array);
    }

    private static WsClient connected(String query) {
        WsClient client = WsClient.connect(hub, query);
        client.next("subscribed");
        return client;
    }

    @Test
    void upgradeTakesMatchParametersAndSubscribedListsThemAsMatchers() {
        try (WsClient client = WsClient.connect(hub, "match=ws%2Fa&match_uritemplate=ws%2F%7Bid%7D&topic=ws%2Fd7")) {
            JsonObject subscribed = client.next("subscribed");
            assertEquals(new JsonArray().add("ws/a").add("ws/{id}").add("ws/d7"), subscribed.getJsonArray("topics"));
            assertEquals(new JsonArray().add(matcher("ws/a", "exact")).add(matcher("ws/{id}", "uritemplate"))
                    .add(matcher("ws/d7", "exact")), subscribed.getJsonArray("matchers"));
        }
    }

    @Test
    void upgradeWithAnUnsupportedMatchParameterIsRefusedBeforeTheUpgrade() {
        assertEquals(400, WsClient.refusedStatus(hub, "match_regex=x"));
        assertEquals(400, WsClient.refusedStatus(hub, "match=a%E2%80%8Bb"));
    }

    @Test
    void subscribeCommandTakesMatchersWithMatchTypeDefaultingToExact() {
        try (WsClient client = connected("")) {
            client.send(command("subscribe", "m1", matcher("cmd/{x}", null), matcher("tpl/{x}", "uritemplate")));
            JsonObject reply = client.next("subscribed");
            assertEquals("m1", reply.getString("ref"));
            assertEquals(new JsonArray().add(matcher("cmd/{x}", "exact")).add(matcher("tpl/{x}", "uritemplate")),
                    reply.getJsonArray("matchers"));
            assertEquals(new JsonArray(), reply.getJsonArray("topics"));
            hub.publish().topic("cmd/1").data("not the literal").sendOk();
            String literal = hub.publish().topic("cmd/{x}").data("literal").sendOk();
            assertEquals(literal, client.next("update").getString("id"));
            String expansion = hub.publish().topic("tpl/2").data("expansion").sendOk();
            assertEquals(expansion, client.next("update").getString("id"));
        }
    }

    @Test
    void topicsAndMatchersMayBeMixedInOneCommand() {
        try (WsClient client = connected("")) {
            client.send(command("subscribe", "mix", matcher("mix/m", null)).put("topics", new JsonArray().add("mix/t")));
            JsonObject reply = client.next("subscribed");
            assertEquals(new JsonArray().add("mix/t"), reply.getJsonArray("topics"));
            String one = hub.publish().topic("mix/t").data("1").sendOk();
            String two = hub.publish().topic("mix/m").data("2").sendOk();
            assertEquals(one, client.next("update").getString("id"));
            assertEquals(two, client.next("update").getString("id"));
        }
    }

    @Test
    void unknownMatchTypeIsTheCommandsError() {
        try (WsClient client = connected("")) {
            client.send(command("subscribe", "bad", matcher("x", "regex")));
            JsonObject error = client.next("error");
            assertEquals("bad", error.getString("ref"));
            assertEquals("bad_request", error.getString("code"));
            assertTrue(error.getString("message").contains("match_type"), error.getString("message"));
        }
    }

    @Test
    void matchTypeNamesAreCaseSensitive() {
        try (WsClient client = connected("")) {
            client.send(command("subscribe", "case", matcher("x", "Exact")));
            assertEquals("bad_request", client.next("error").getString("code"));
        }
    }

    @Test
    void malformedMatchersAreTheCommandsError() {
        try (WsClient client = connected("")) {
            client.send(new JsonObject().put("type", "subscribe").put("ref", "1").put("matchers", "x"));
            assertEquals("bad_request", client.next("error").getString("code"));
            client.send(new JsonObject().put("type", "subscribe").put("ref", "2").put("matchers", new JsonArray().add("x")));
            assertEquals("bad_request", client.next("error").getString("code"));
            client.send(new JsonObject().put("type", "subscribe").put("ref", "3")
                    .put("matchers", new JsonArray().add(new JsonObject().put("match_type", "exact"))));
            assertEquals("bad_request", client.next("error").getString("code"));
            client.send(new JsonObject().put("type", "subscribe").put("ref", "4"));
            assertEquals("bad_request", client.next("error").getString("code"));
        }
    }

    @Test
    void matcherValuesObeyTheSameConstraintsAsTheQuery() {
        try (WsClient client = connected("")) {
            client.send(command("subscribe", "cf", matcher("a\u200Bb", null)));
            JsonObject error = client.next("error");
            assertEquals("bad_request", error.getString("code"));
            assertTrue(error.getString("message").contains("U+200B"), error.getString("message"));
            client.send(command("subscribe", "c0", matcher("a\u0001b", "uritemplate")));
            assertEquals("bad_request", client.next("error").getString("code"));
            // JSON can escape half a surrogate pair, which no UTF-8 can carry.
            client.sendText("{\"type\":\"subscribe\",\"ref\":\"half\",\"matchers\":[{\"match\":\"a\\ud800\"}]}");
            JsonObject half = client.next("error");
            assertTrue(half.getString("message").contains("lone surrogate"), half.encode());
        }
    }

    @Test
    void limitsCountTopicsAndMatchersOfTheConnectionTogether() {
        try (WsClient client = connected("topic=lim%2F1&match=lim%2F2")) {
            client.send(command("subscribe", "over", matcher("lim/3", null), matcher("lim/4", null)));
            JsonObject error = client.next("error");
            assertEquals("bad_request", error.getString("code"));
            assertTrue(error.getString("message").contains("too many topics"), error.getString("message"));
            client.send(command("subscribe", "fits", matcher("lim/3", null)));
            assertEquals("fits", client.next("subscribed").getString("ref"));
        }
    }

    @Test
    void unsubscribeRemovesTheMatcherOfThatTypeOnly() {
        try (WsClient client = connected("")) {
            client.send(command("subscribe", "s", matcher("un/{id}", "uritemplate"), matcher("un/{id}", "exact")));
            client.next("subscribed");
            client.send(command("unsubscribe", "u", matcher("un/{id}", "exact")));
            JsonObject unsubscribed = client.next("unsubscribed");
            assertEquals(new JsonArray().add(matcher("un/{id}", "exact")), unsubscribed.getJsonArray("matchers"));
            hub.publish().topic("un/{id}").data("literal, still matched by the template").sendOk();
            String expansion = hub.publish().topic("un/5").data("expansion").sendOk();
            assertEquals("literal, still matched by the template", client.next("update").getString("data"));
            assertEquals(expansion, client.next("update").getString("id"));
            client.send(command("unsubscribe", "u2", matcher("un/{id}", "uritemplate")));
            client.next("unsubscribed");
            client.send(new JsonObject().put("type", "subscribe").put("topics", new JsonArray().add("un-sentinel")));
            client.next("subscribed");
            hub.publish().topic("un/6").data("gone").sendOk();
            String sentinel = hub.publishSentinel("un-sentinel");
            assertEquals(sentinel, client.next("update").getString("id"), "nothing of un/ arrives after unsubscribing");
        }
    }

    @Test
    void draft07TopicsUnsubscribeTheirGuessedType() {
        try (WsClient client = connected("match_uritemplate=g%2F%7Bid%7D")) {
            client.send(new JsonObject().put("type", "unsubscribe").put("topics", new JsonArray().add("g/{id}")));
            JsonObject unsubscribed = client.next("unsubscribed");
            assertNull(unsubscribed.getJsonArray("matchers"));
            hub.publish().topic("g/1").data("gone").sendOk();
            client.send(new JsonObject().put("type", "subscribe").put("topics", new JsonArray().add("g-sentinel")));
            client.next("subscribed");
            String sentinel = hub.publishSentinel("g-sentinel");
            assertEquals(sentinel, client.next("update").getString("id"), "the template went with its draft-07 spelling");
        }
    }
}
