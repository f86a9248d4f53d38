package dev.herald.auth;

import dev.herald.testing.LongPoller;
import dev.herald.testing.Publisher;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The private-update rule under random pairs of subscriptions and updates (fixed seed, so a failure
 * replays): an update reaches a subscriber when one of its topics matches the subscription and, if
 * it is private, one of its topics matches the token's {@code mercure.subscribe} grant. The expected
 * answer comes from a hand-written table of which selector matches which topic, not from the hub's
 * matcher. Live over SSE and WebSocket, replayed over SSE, WebSocket and long-poll.
 */
class RandomPrivateUpdateMatrixTest {
    private static final long SEED = 20_261_121L;
    private static final int ROUNDS = 8;
    private static final int SUBSCRIBERS = 24;
    private static final int UPDATES = 60;

    /** Topics, relative to a round's namespace. */
    private static final List<String> TOPICS = List.of("books/1", "books/2", "reviews/1", "books/1/reviews", "authors/7");

    /** Each selector with the topics it matches, by construction. */
    private static final Map<String, Set<String>> MATCHES = Map.ofEntries(
            Map.entry("books/1", Set.of("books/1")),
            Map.entry("books/2", Set.of("books/2")),
            Map.entry("reviews/1", Set.of("reviews/1")),
            Map.entry("books/1/reviews", Set.of("books/1/reviews")),
            Map.entry("authors/7", Set.of("authors/7")),
            Map.entry("books/{id}", Set.of("books/1", "books/2")),
            Map.entry("reviews/{id}", Set.of("reviews/1")),
            Map.entry("books/{id}/reviews", Set.of("books/1/reviews")),
            Map.entry("{+path}", Set.copyOf(TOPICS)),
            Map.entry("*", Set.copyOf(TOPICS)));
    private static final List<String> SELECTORS = List.copyOf(new java.util.TreeSet<>(MATCHES.keySet()));

    private record Spec(List<String> subscription, List<String> grant) {
    }

    private record Sent(String id, List<String> topics, boolean privateUpdate) {
    }

    @Test
    void everyRandomPairFollowsThePrivateUpdateRule() {
        Random random = new Random(SEED);
        int pairs = 0;
        try (TestHub hub = TestHub.start()) {
            for (int round = 0; round < ROUNDS; round++) {
                String base = "https://example.com/random" + round + "/";
                String sentinelTopic = base + "sentinel";
                List<Spec> specs = new ArrayList<>();
                for (int i = 0; i < SUBSCRIBERS; i++) {
                    specs.add(new Spec(pick(random, 1, 3), pick(random, 0, 3)));
                }
                String marker = hub.publish().topic(sentinelTopic).data("marker").sendOk();
                List<AutoCloseable> live = new ArrayList<>();
                for (int i = 0; i < specs.size(); i++) {
                    live.add(i % 2 == 0 ? sse(hub, base, specs.get(i), null) : ws(hub, base, specs.get(i), null));
                }
                List<Sent> sent = new ArrayList<>();
                for (int u = 0; u < UPDATES; u++) {
                    List<String> topics = pick(TOPICS, random, 1, 3);
                    boolean privateUpdate = random.nextBoolean();
                    Publisher publish = hub.publish().topic(topics.stream().map(t -> base + t).toArray(String[]::new))
                            .data("u" + u);
                    if (privateUpdate) {
                        publish.privately();
                    }
                    sent.add(new Sent(publish.sendOk(), topics, privateUpdate));
                }
                String sentinel = hub.publishSentinel(sentinelTopic);
                for (int i = 0; i < specs.size(); i++) {
                    Spec spec = specs.get(i);
                    List<String> expected = expected(spec, sent, sentinel);
                    assertEquals(expected, received(live.get(i), sentinel), "live, round " + round + ", " + spec);
                    assertEquals(expected, replayed(hub, base, spec, marker, sentinel, i % 3),
                            "replay, round " + round + ", " + spec);
                    pairs += 2 * UPDATES;
                }
                for (AutoCloseable client : live) {
                    client.close();
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(ROUNDS * SUBSCRIBERS * UPDATES * 2, pairs);
    }

    private static List<String> expected(Spec spec, List<Sent> sent, String sentinel) {
        List<String> ids = new ArrayList<>();
        for (Sent update : sent) {
            if (anyMatch(spec.subscription(), update.topics())
                    && (!update.privateUpdate() || anyMatch(spec.grant(), update.topics()))) {
                ids.add(update.id());
            }
        }
        ids.add(sentinel);
        return ids;
    }

    private static boolean anyMatch(List<String> selectors, List<String> topics) {
        return selectors.stream().anyMatch(selector -> topics.stream().anyMatch(MATCHES.get(selector)::contains));
    }

    private static String absolute(String base, String selector) {
        return selector.equals("*") ? selector : base + selector;
    }

    private static String[] selectors(String base, Spec spec) {
        List<String> all = new ArrayList<>(spec.subscription().stream().map(s -> absolute(base, s)).toList());
        all.add(base + "sentinel");
        return all.toArray(String[]::new);
    }

    private static String token(TestHub hub, String base, Spec spec) {
        return hub.tokens().mercure(Map.of("subscribe", spec.grant().stream().map(s -> absolute(base, s)).toList()));
    }

    private static SseClient sse(TestHub hub, String base, Spec spec, String lastEventId) {
        SseClient.Builder builder = hub.subscriber().token(token(hub, base, spec)).topics(selectors(base, spec));
        return (lastEventId == null ? builder : builder.lastEventId(lastEventId)).open();
    }

    private static WsClient ws(TestHub hub, String base, Spec spec, String lastEventId) {
        StringBuilder query = new StringBuilder();
        for (String selector : selectors(base, spec)) {
            query.append(query.isEmpty() ? "" : "&").append("topic=").append(TestHub.encode(selector));
        }
        if (lastEventId != null) {
            query.append("&lastEventID=").append(TestHub.encode(lastEventId));
        }
        WsClient client = WsClient.connect(hub, query.toString(), token(hub, base, spec));
        client.next("subscribed");
        return client;
    }

    private static List<String> received(AutoCloseable client, String sentinel) {
        List<String> ids = new ArrayList<>();
        String id;
        do {
            id = client instanceof SseClient sse ? sse.next().id() : ((WsClient) client).next("update").getString("id");
            ids.add(id);
        } while (!id.equals(sentinel));
        return ids;
    }

    private static List<String> replayed(TestHub hub, String base, Spec spec, String marker, String sentinel,
                                         int transport) throws Exception {
        if (transport == 2) {
            List<String> ids = new ArrayList<>();
            String after = marker;
            while (!ids.contains(sentinel)) {
                LongPoller.Poll poll = LongPoller.poll(hub, after, token(hub, base, spec), selectors(base, spec));
                assertEquals(200, poll.status(), poll.body()::encode);
                for (JsonObject update : poll.updates()) {
                    ids.add(update.getString("id"));
                }
                after = poll.lastEventId();
            }
            return ids;
        }
        try (AutoCloseable client = transport == 0 ? sse(hub, base, spec, marker) : ws(hub, base, spec, marker)) {
            return received(client, sentinel);
        }
    }

    private static List<String> pick(Random random, int min, int max) {
        return pick(SELECTORS, random, min, max);
    }

    /** Between {@code min} and {@code max} distinct items of {@code from}, in random order. */
    private static List<String> pick(List<String> from, Random random, int min, int max) {
        List<String> shuffled = new ArrayList<>(from);
        java.util.Collections.shuffle(shuffled, random);
        return List.copyOf(shuffled.subList(0, min + random.nextInt(max - min + 1)));
    }
}
