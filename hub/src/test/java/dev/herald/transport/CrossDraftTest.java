package dev.herald.transport;

import dev.herald.testing.AccessTokens;
import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A draft-07 client ({@code topic}, {@code lastEventID}) and a draft-08 client ({@code match},
 * {@code last_event_id}) on one hub, over SSE, WebSocket and long-poll: one publish reaches both,
 * both resume from the same id with the same replay, and a private update reaches each only with a
 * token that grants it, a draft-07 {@code mercure} claim or a draft-08 {@code authorization_details}.
 */
class CrossDraftTest {
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static String draft07(String topic, String lastEventId) {
        return "topic=" + TestHub.encode(topic) + (lastEventId == null ? "" : "&lastEventID=" + TestHub.encode(lastEventId));
    }

    private static String draft08(String topic, String lastEventId) {
        return "match=" + TestHub.encode(topic) + (lastEventId == null ? "" : "&last_event_id=" + TestHub.encode(lastEventId));
    }

    private static List<String> publish(String topic, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(hub.publish().topic(topic).data("#" + i).sendOk());
        }
        return ids;
    }

    private static SseClient sse(String query, String token) {
        SseClient events = hub.subscriber().rawQuery(query).token(token).open();
        assertEquals(200, events.status(), events.errorBody());
        return events;
    }

    private static List<String> sseIds(SseClient events, int count) {
        return events.next(count).stream().map(SseEvent::id).toList();
    }

    private static WsClient ws(String query, String token) {
        WsClient client = WsClient.connect(hub, query, token);
        client.next("subscribed");
        return client;
    }

    private static List<String> wsIds(WsClient client, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.next("update").getString("id"));
        }
        return ids;
    }

    private static CompletableFuture<List<String>> longPoll(String query, String token) {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", "application/json");
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            HttpResult result = Http.get(hub.hubUrl() + "?" + query, headers);
            assertEquals(200, result.status(), result.body());
            List<String> ids = new ArrayList<>();
            new JsonObject(result.body()).getJsonArray("updates").forEach(u -> ids.add(((JsonObject) u).getString("id")));
            return ids;
        });
    }

    private static List<String> await(CompletableFuture<List<String>> poll) {
        return poll.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void onePublishReachesDraft07AndDraft08SubscribersOverSse() {
        String topic = "https://example.com/cross/sse";
        try (SseClient old = sse(draft07(topic, null), null); SseClient current = sse(draft08(topic, null), null)) {
            String id = hub.publish().topic(topic).data("both").sendOk();
            assertEquals(id, old.next().id());
            assertEquals(id, current.next().id());
        }
    }

    @Test
    void onePublishReachesDraft07AndDraft08SubscribersOverWebSocket() {
        String topic = "https://example.com/cross/ws";
        try (WsClient old = ws(draft07(topic, null), null); WsClient current = ws(draft08(topic, null), null)) {
            String id = hub.publish().topic(topic).data("both").sendOk();
            assertEquals(List.of(id), wsIds(old, 1));
            assertEquals(List.of(id), wsIds(current, 1));
        }
    }

    @Test
    void onePublishReachesDraft07AndDraft08SubscribersOverLongPoll() {
        String topic = "https://example.com/cross/poll";
        int before = hub.subscriberCount();
        CompletableFuture<List<String>> old = longPoll(draft07(topic, null), null);
        CompletableFuture<List<String>> current = longPoll(draft08(topic, null), null);
        hub.awaitSubscriberCount(before + 2);
        String id = hub.publish().topic(topic).data("both").sendOk();
        assertEquals(List.of(id), await(old));
        assertEquals(List.of(id), await(current));
    }

    @Test
    void bothDraftsResumeFromTheSameIdWithTheSameReplay() {
        String topic = "https://example.com/cross/resume";
        List<String> ids = publish(topic, 4);
        List<String> expected = ids.subList(1, 4);
        String from = ids.get(0);
        try (SseClient old = sse(draft07(topic, from), null); SseClient current = sse(draft08(topic, from), null);
             SseClient header = hub.subscriber().rawQuery("match=" + TestHub.encode(topic)).lastEventId(from).open()) {
            assertEquals(expected, sseIds(old, 3));
            assertEquals(expected, sseIds(current, 3));
            assertEquals(expected, sseIds(header, 3));
            assertEquals(from, old.header("Mercure-Last-Event-ID"));
            assertEquals(old.header("Last-Event-ID"), current.header("Last-Event-ID"));
        }
        try (WsClient old = WsClient.connect(hub, draft07(topic, from)); WsClient current = WsClient.connect(hub, draft08(topic, from))) {
            assertEquals(from, old.next("subscribed").getString("lastEventID"));
            assertEquals(from, current.next("subscribed").getString("lastEventID"));
            assertEquals(expected, wsIds(old, 3));
            assertEquals(expected, wsIds(current, 3));
        }
        assertEquals(expected, await(longPoll(draft07(topic, from), null)));
        assertEquals(expected, await(longPoll(draft08(topic, from), null)));
    }

    @Test
    void privateUpdateReachesEachDraftOnlyWithATokenGrantingItOverSse() {
        String topic = "https://example.com/cross/private-sse";
        String granted = hub.tokens().subscriber(topic);
        String other = hub.tokens().subscriber("https://example.com/elsewhere");
        try (SseClient old = sse(draft07(topic, null), granted); SseClient current = sse(draft08(topic, null), granted);
             SseClient oldDenied = sse(draft07(topic, null), other); SseClient currentDenied = sse(draft08(topic, null), null)) {
            String secret = hub.publish().topic(topic).data("secret").privately().sendOk();
            String open = hub.publish().topic(topic).data("public").sendOk();
            assertEquals(List.of(secret, open), sseIds(old, 2));
            assertEquals(List.of(secret, open), sseIds(current, 2));
            assertEquals(List.of(open), sseIds(oldDenied, 1));
            assertEquals(List.of(open), sseIds(currentDenied, 1));
        }
    }

    @Test
    void privateUpdateReachesEachDraftOnlyWithATokenGrantingItOverWebSocket() {
        String topic = "https://example.com/cross/private-ws";
        String granted = hub.tokens().subscriber("https://example.com/cross/{kind}");
        try (WsClient old = ws(draft07(topic, null), granted); WsClient current = ws(draft08(topic, null), granted);
             WsClient oldDenied = ws(draft07(topic, null), null); WsClient currentDenied = ws(draft08(topic, null), null)) {
            String secret = hub.publish().topic(topic).data("secret").privately().sendOk();
            String open = hub.publish().topic(topic).data("public").sendOk();
            assertEquals(List.of(secret, open), wsIds(old, 2));
            assertEquals(List.of(secret, open), wsIds(current, 2));
            assertEquals(List.of(open), wsIds(oldDenied, 1));
            assertEquals(List.of(open), wsIds(currentDenied, 1));
        }
    }

    @Test
    void privateUpdateReachesEachDraftOnlyWithATokenGrantingItOverLongPoll() {
        String topic = "https://example.com/cross/private-poll";
        String granted = hub.tokens().subscriber(topic);
        String from = hub.publish().topic(topic).data("anchor").sendOk();
        String secret = hub.publish().topic(topic).data("secret").privately().sendOk();
        String open = hub.publish().topic(topic).data("public").sendOk();
        assertEquals(List.of(secret, open), await(longPoll(draft07(topic, from), granted)));
        assertEquals(List.of(secret, open), await(longPoll(draft08(topic, from), granted)));
        assertEquals(List.of(open), await(longPoll(draft07(topic, from), null)));
        assertEquals(List.of(open), await(longPoll(draft08(topic, from), null)));
    }

    @Test
    void draft08TokenGrantsPrivateUpdatesToSubscribersOfBothDrafts() {
        String topic = "https://example.com/cross/private-token08";
        AccessTokens access = new AccessTokens(hub.tokens());
        String granted = access.token(List.of(AccessTokens.detail(List.of("subscribe"),
                List.of(AccessTokens.match("https://example.com/cross/:name", "urlpattern")), null)));
        String other = access.subscriber("https://example.com/elsewhere");
        String from = hub.publish().topic(topic).data("anchor").sendOk();
        try (SseClient old = sse(draft07(topic, null), granted); SseClient current = sse(draft08(topic, null), granted);
             SseClient denied = sse(draft08(topic, null), other);
             WsClient oldWs = ws(draft07(topic, null), granted); WsClient currentWs = ws(draft08(topic, null), granted)) {
            String secret = hub.publish().topic(topic).data("secret").privately().sendOk();
            String open = hub.publish().topic(topic).data("public").sendOk();
            assertEquals(List.of(secret, open), sseIds(old, 2));
            assertEquals(List.of(secret, open), sseIds(current, 2));
            assertEquals(List.of(open), sseIds(denied, 1));
            assertEquals(List.of(secret, open), wsIds(oldWs, 2));
            assertEquals(List.of(secret, open), wsIds(currentWs, 2));
            assertEquals(List.of(secret, open), await(longPoll(draft07(topic, from), granted)));
            assertEquals(List.of(secret, open), await(longPoll(draft08(topic, from), granted)));
            assertEquals(List.of(open), await(longPoll(draft08(topic, from), other)));
        }
    }
}
