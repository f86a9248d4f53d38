package dev.herald.history;

import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The history keeps at most {@code --history-size} updates and, optionally, none older than {@code --history-max-age}. */
class HistoryBoundsTest {
    private static final String TOPIC = "https://example.com/books/1";

    private static List<String> publish(TestHub hub, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(hub.publish().topic(TOPIC).data("#" + i).sendOk());
        }
        return ids;
    }

    @Test
    void historyKeepsOnlyTheNewestHistorySizeUpdates() {
        try (TestHub hub = TestHub.start("--anonymous", "--history-size", "3")) {
            List<String> ids = publish(hub, 5);
            try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId("earliest").open()) {
                assertEquals(ids.subList(2, 5), events.next(3).stream().map(SseEvent::id).toList());
                String sentinel = hub.publishSentinel(TOPIC);
                assertEquals(sentinel, events.next().id());
            }
        }
    }

    @Test
    void evictedIdReplaysEverythingRetainedAndAnswersEarliest() {
        try (TestHub hub = TestHub.start("--anonymous", "--history-size", "3")) {
            List<String> ids = publish(hub, 5);
            try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId(ids.get(0)).open()) {
                assertEquals("earliest", events.header("Last-Event-ID"));
                assertEquals(ids.subList(2, 5), events.next(3).stream().map(SseEvent::id).toList());
            }
            try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId(ids.get(2)).open()) {
                assertEquals(ids.get(2), events.header("Last-Event-ID"), "the oldest retained id is still found");
                assertEquals(ids.subList(3, 5), events.next(2).stream().map(SseEvent::id).toList());
            }
        }
    }

    @Test
    void historySizeZeroKeepsNothing() {
        try (TestHub hub = TestHub.start("--anonymous", "--history-size", "0")) {
            List<String> ids = publish(hub, 2);
            try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId(ids.get(0)).open()) {
                assertEquals("earliest", events.header("Last-Event-ID"));
                String sentinel = hub.publishSentinel(TOPIC);
                assertEquals(sentinel, events.next().id());
            }
            try (SseClient events = hub.subscribe(TOPIC)) {
                assertEquals("earliest", events.header("Last-Event-ID"));
                String sentinel = hub.publishSentinel(TOPIC);
                assertEquals(sentinel, events.next().id());
            }
        }
    }

    @Test
    void updatesOlderThanHistoryMaxAgeAreDropped() throws InterruptedException {
        try (TestHub hub = TestHub.start("--anonymous", "--history-max-age", "300ms")) {
            String old = hub.publish().topic(TOPIC).data("old").sendOk();
            Thread.sleep(500); // the rule under test is about elapsed time
            String recent = hub.publish().topic(TOPIC).data("recent").sendOk();
            try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId("earliest").open()) {
                assertEquals(recent, events.next().id());
            }
            try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId(old).open()) {
                assertEquals("earliest", events.header("Last-Event-ID"), "an aged-out id is no longer known");
                assertEquals(recent, events.next().id());
            }
        }
    }
}
