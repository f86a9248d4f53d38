package dev.herald.transport;

import dev.herald.testing.LongPoller;
import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same publishes reach an SSE, a WebSocket and a long-poll subscriber with identical ids,
 * order and content, private updates and replay included.
 */
class CrossTransportTest {
    private static final String SELECTOR = "https://example.com/books/{id}";

    /** What a subscriber saw of one update, whatever the transport. */
    private record Seen(String id, String data, String type) {
    }

    @Test
    void everyTransportSeesTheSameUpdatesInTheSameOrder() {
        try (TestHub hub = TestHub.start("--anonymous", "--poll-timeout", "2s")) {
            String token = hub.tokens().subscriber("https://example.com/books/secret-{n}");
            String start = hub.publish().topic("https://example.com/books/0").data("before").sendOk();
            try (SseClient sse = hub.subscriber().topics(SELECTOR).token(token).lastEventId(start).open();
                 WsClient ws = WsClient.connect(hub, "topic=" + TestHub.encode(SELECTOR)
                         + "&lastEventID=" + TestHub.encode(start), token)) {
                ws.next("subscribed");
                List<String> published = publishMix(hub);
                int expected = 8;

                List<Seen> overSse = new ArrayList<>();
                for (SseEvent event : sse.next(expected)) {
                    overSse.add(new Seen(event.id(), event.data(), event.type()));
                }
                List<Seen> overWs = new ArrayList<>();
                for (int i = 0; i < expected; i++) {
                    overWs.add(seen(ws.next("update")));
                }
                List<Seen> overPoll = pollAll(hub, start, token, expected);

                assertEquals(expected, overSse.size());
                assertEquals(overSse, overWs, "WebSocket differs from SSE");
                assertEquals(overSse, overPoll, "long-poll differs from SSE");
                assertEquals(published, overSse.stream().map(Seen::id).toList(), "ids in publish order");

                // Replay: each transport resumes after the fourth update with the same remainder.
                String fourth = overSse.get(3).id();
                try (SseClient sseAgain = hub.subscriber().topics(SELECTOR).token(token).lastEventId(fourth).open();
                     WsClient wsAgain = WsClient.connect(hub, "topic=" + TestHub.encode(SELECTOR)
                             + "&lastEventID=" + TestHub.encode(fourth), token)) {
                    List<Seen> rest = overSse.subList(4, expected);
                    List<Seen> sseRest = new ArrayList<>();
                    sseAgain.next(rest.size()).forEach(e -> sseRest.add(new Seen(e.id(), e.data(), e.type())));
                    List<Seen> wsRest = new ArrayList<>();
                    for (int i = 0; i < rest.size(); i++) {
                        wsRest.add(seen(wsAgain.next("update")));
                    }
                    assertEquals(rest, sseRest);
                    assertEquals(rest, wsRest);
                    assertEquals(rest, pollAll(hub, fourth, token, rest.size()));
                }
            }
        }
    }

    /** Publishes public, private-granted, private-refused and unrelated updates; returns the ids a granted subscriber gets. */
    private static List<String> publishMix(TestHub hub) {
        List<String> expected = new ArrayList<>();
        expected.add(hub.publish().topic("https://example.com/books/1").data("public one").sendOk());
        expected.add(hub.publish().topic("https://example.com/books/secret-1").data("private granted").privately().sendOk());
        hub.publish().topic("https://example.com/books/hidden").data("private refused").privately().sendOk();
        hub.publish().topic("https://example.com/authors/1").data("unrelated").sendOk();
        expected.add(hub.publish().topic("https://example.com/books/2").data("line 1\nline 2").type("edited").sendOk());
        expected.add(hub.publish().topic("https://example.com/authors/2", "https://example.com/books/3")
                .data("alternate topic matches").sendOk());
        expected.add(hub.publish().topic("https://example.com/books/4").data("custom").id("custom-id").sendOk());
        expected.add(hub.publish().topic("https://example.com/books/5").data("{\"json\": \"é ✓\"}").sendOk());
        expected.add(hub.publish().topic("https://example.com/books/6").data("retry").retry("3000").sendOk());
        expected.add(hub.publish().topic("https://example.com/books/7").data("last").sendOk());
        return expected;
    }

    private static Seen seen(JsonObject update) {
        return new Seen(update.getString("id"), update.getString("data"), update.getString("event"));
    }

    private static List<Seen> pollAll(TestHub hub, String after, String token, int count) {
        List<Seen> seen = new ArrayList<>();
        String last = after;
        while (seen.size() < count) {
            LongPoller.Poll poll = LongPoller.poll(hub, last, token, SELECTOR);
            assertEquals(200, poll.status());
            if (poll.updates().isEmpty()) {
                break;
            }
            poll.updates().forEach(update -> seen.add(seen(update)));
            last = poll.lastEventId();
        }
        return seen;
    }
}
