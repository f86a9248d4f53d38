package dev.herald.transport.ws;

import dev.herald.testing.SilentClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** protocol-spec/websocket.md, rule by rule, against a real hub. */
class WebSocketSubscribeTest {

    @Test
    void sendsOneJsonFramePerUpdateWithEveryFieldThatWasSet() {
        try (TestHub hub = TestHub.start("--anonymous"); WsClient client = WsClient.connect(hub, "topic=books")) {
            assertEquals(new JsonArray().add("books"), client.next("subscribed").getJsonArray("topics"));
            String id = hub.publish().topic("books", "alternate").data("line 1\nline 2").id("book-1")
                    .type("created").retry("1500").sendOk();
            JsonObject update = client.next("update");
            assertEquals(id, update.getString("id"));
            assertEquals("book-1", id);
            assertEquals(new JsonArray().add("books").add("alternate"), update.getJsonArray("topics"));
            assertEquals("line 1\nline 2", update.getString("data"));
            assertEquals("created", update.getString("event"));
            assertEquals(1500L, update.getLong("retry"));
        }
    }

    @Test
    void subscribeAndUnsubscribeChangeTheSelectorsOfALiveConnection() {
        try (TestHub hub = TestHub.start("--anonymous"); WsClient client = WsClient.connect(hub, "")) {
            client.next("subscribed");
            client.send(new JsonObject().put("type", "subscribe").put("ref", "s1").put("topics", new JsonArray().add("news/{id}")));
            JsonObject reply = client.next("subscribed");
            assertEquals("s1", reply.getString("ref"));
            assertEquals(new JsonArray().add("news/{id}"), reply.getJsonArray("topics"));
            hub.publish().topic("news/1").data("first").sendOk();
            assertEquals("first", client.next("update").getString("data"));

            client.send(new JsonObject().put("type", "unsubscribe").put("ref", "u1").put("topics", new JsonArray().add("news/{id}")));
            JsonObject unsubscribed = client.next("unsubscribed");
            assertEquals("u1", unsubscribed.getString("ref"));
            assertEquals(new JsonArray().add("news/{id}"), unsubscribed.getJsonArray("topics"));
            client.send(new JsonObject().put("type", "subscribe").put("topics", new JsonArray().add("sentinel")));
            client.next("subscribed");
            hub.publish().topic("news/2").data("after unsubscribe").sendOk();
            hub.publish().topic("sentinel").data("sentinel").sendOk();
            assertEquals("sentinel", client.next("update").getString("data"), "news/2 must not arrive after unsubscribe");
        }
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheRef() {
        try (TestHub hub = TestHub.start("--anonymous"); WsClient client = WsClient.connect(hub, "topic=a")) {
            client.next("subscribed");
            client.send(new JsonObject().put("type", "ping").put("ref", 42));
            assertEquals("42", client.next("pong").getString("ref"));
        }
    }

    @Test
    void privateUpdatesReachOnlyConnectionsWhoseTokenGrantsTheTopic() {
        try (TestHub hub = TestHub.start("--anonymous");
             WsClient anonymous = WsClient.connect(hub, "topic=*");
             WsClient granted = WsClient.connect(hub, "topic=*", hub.tokens().subscriber("secret/{id}"))) {
            anonymous.next("subscribed");
            granted.next("subscribed");
            hub.publish().topic("secret/1").data("private").privately().sendOk();
            hub.publish().topic("public").data("public").sendOk();
            assertEquals("private", granted.next("update").getString("data"));
            assertEquals("public", granted.next("update").getString("data"));
            assertEquals("public", anonymous.next("update").getString("data"), "the private update must be skipped");
        }
    }

    @Test
    void authMessageAuthenticatesAConnectionOpenedWithoutAToken() {
        try (TestHub hub = TestHub.start(); WsClient client = WsClient.connect(hub, "topic=secret")) {
            client.next("auth_required");
            client.send(new JsonObject().put("type", "subscribe").put("ref", "early").put("topics", new JsonArray().add("x")));
            JsonObject refused = client.next("error");
            assertEquals("unauthorized", refused.getString("code"));
            assertEquals("early", refused.getString("ref"));

            client.send(new JsonObject().put("type", "auth").put("ref", "a1").put("token", "not-a-jwt"));
            assertEquals("unauthorized", client.next("error").getString("code"));

            client.send(new JsonObject().put("type", "auth").put("ref", "a2").put("token", hub.tokens().subscriber("secret")));
            assertEquals("a2", client.next("authenticated").getString("ref"));
            client.next("subscribed");
            hub.publish().topic("secret").data("for you").privately().sendOk();
            assertEquals("for you", client.next("update").getString("data"));
        }
    }

    @Test
    void aConnectionThatNeverAuthenticatesIsClosedAsUnauthorized() {
        try (TestHub hub = TestHub.start("--pong-timeout", "300ms"); WsClient client = WsClient.connect(hub, "topic=a")) {
            client.next("auth_required");
            assertEquals(1008, client.awaitClose(Duration.ofSeconds(5)));
            assertEquals("unauthorized", client.closeReason());
        }
    }

    @Test
    void anInvalidTokenOnTheUpgradeIsRefusedWith401() {
        try (TestHub hub = TestHub.start("--anonymous")) {
            assertEquals(401, WsClient.refusedStatus(hub, "topic=a&authorization=not-a-jwt"));
            assertEquals(400, WsClient.refusedStatus(hub, "topic=bad{template"));
        }
    }

    @Test
    void anUpgradeFromAForeignOriginIsRefusedSoCookiesCannotBeHijacked() {
        try (TestHub hub = TestHub.start("--anonymous", "--cors-origins", "https://app.example")) {
            assertEquals(403, WsClient.refusedStatus(hub, "topic=a", "https://evil.example"));
            assertEquals(101, WsClient.upgradeStatus(hub, "topic=a", "https://app.example"));
            assertEquals(101, WsClient.upgradeStatus(hub, "topic=a", "http://127.0.0.1:" + hub.port()));
        }
    }

    @Test
    void theConnectionClosesWith4001WhenTheTokenExpires() {
        try (TestHub hub = TestHub.start()) {
            String token = hub.tokens().subscriber(List.of("a"), null, Instant.now().plusSeconds(2));
            try (WsClient client = WsClient.connect(hub, "topic=a", token)) {
                client.next("subscribed");
                assertEquals(4001, client.awaitClose(Duration.ofSeconds(5)));
                assertEquals("token_expired", client.closeReason());
            }
        }
    }

    @Test
    void aRefreshedTokenExtendsTheConnection() {
        try (TestHub hub = TestHub.start()) {
            String shortLived = hub.tokens().subscriber(List.of("a"), null, Instant.now().plusSeconds(2));
            try (WsClient client = WsClient.connect(hub, "topic=a", shortLived)) {
                client.next("subscribed");
                String longLived = hub.tokens().subscriber(List.of("a"), null, Instant.now().plusSeconds(3600));
                client.send(new JsonObject().put("type", "auth").put("ref", "r").put("token", longLived));
                assertTrue(client.next("authenticated").containsKey("expiresAt"));
                // Outlive the first token: its expiry timer must have been replaced.
                assertNull(closeWithin(client, Duration.ofMillis(2500)));
                hub.publish().topic("a").data("still here").sendOk();
                assertEquals("still here", client.next("update").getString("data"));
            }
        }
    }

    @Test
    void malformedMessagesGetAnErrorAndTheConnectionStaysOpen() {
        try (TestHub hub = TestHub.start("--anonymous", "--max-ws-message-size", "1KiB");
             WsClient client = WsClient.connect(hub, "topic=a")) {
            client.next("subscribed");
            client.sendText("not json");
            assertEquals("bad_message", client.next("error").getString("code"));
            client.sendText("[1,2]");
            assertEquals("bad_message", client.next("error").getString("code"));
            client.sendText("{\"type\":7}");
            assertEquals("bad_message", client.next("error").getString("code"));
            client.sendText("{\"type\":\"fly\",\"ref\":\"f\"}");
            JsonObject unknown = client.next("error");
            assertEquals("unknown_type", unknown.getString("code"));
            assertEquals("f", unknown.getString("ref"));
            client.sendText("{\"type\":\"subscribe\",\"topics\":\"a\"}");
            assertEquals("bad_request", client.next("error").getString("code"));
            client.sendText("{\"type\":\"subscribe\",\"topics\":[\"bad{template\"]}");
            assertEquals("bad_request", client.next("error").getString("code"));
            client.sendBinary(new byte[] {1, 2, 3});
            assertEquals("binary_not_supported", client.next("error").getString("code"));
            client.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(2048) + "\"}");
            assertEquals("message_too_large", client.next("error").getString("code"));

            client.send(new JsonObject().put("type", "ping").put("ref", "alive"));
            assertEquals("alive", client.next("pong").getString("ref"));
            assertFalse(client.isClosed());
        }
    }

    @Test
    void reconnectingWithLastEventIdReplaysWhatWasMissedThenGoesLive() {
        try (TestHub hub = TestHub.start("--anonymous")) {
            String first = hub.publish().topic("a").data("1").sendOk();
            hub.publish().topic("a").data("2").sendOk();
            hub.publish().topic("other").data("not for a").sendOk();
            hub.publish().topic("a").data("3").sendOk();
            try (WsClient client = WsClient.connect(hub, "topic=a&lastEventID=" + TestHub.encode(first))) {
                assertEquals(first, client.next("subscribed").getString("lastEventID"));
                assertEquals("2", client.next("update").getString("data"));
                assertEquals("3", client.next("update").getString("data"));
                hub.publish().topic("a").data("4").sendOk();
                assertEquals("4", client.next("update").getString("data"));
            }
        }
    }

    @Test
    void pingsKeepAnsweringClientsAliveAndCloseSilentOnes() {
        try (TestHub hub = TestHub.start("--anonymous", "--ping-interval", "200ms", "--pong-timeout", "300ms");
             WsClient live = WsClient.connect(hub, "topic=a")) {
            live.next("subscribed");
            SilentClient silent = SilentClient.webSocket(hub, "a");
            hub.awaitSubscriberCount(2);
            // The silent peer answers no ping and must be dropped; the live one answers by itself.
            hub.awaitSubscriberCount(1);
            silent.close();
            assertEquals("ping", live.next("ping").getString("type"));
            hub.publish().topic("a").data("after pings").sendOk();
            assertEquals("after pings", live.next("update").getString("data"));
        }
    }

    private static Short closeWithin(WsClient client, Duration duration) {
        try {
            return client.awaitClose(duration);
        } catch (AssertionError stillOpen) {
            return null;
        }
    }
}
