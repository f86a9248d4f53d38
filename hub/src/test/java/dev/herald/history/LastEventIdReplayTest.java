package dev.herald.history;

import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reconnecting with {@code Last-Event-ID} (header, else {@code lastEventID} query parameter): every
 * matching update after that id is replayed, then live updates follow. The response names where the
 * replay starts in its own {@code Last-Event-ID} header.
 */
class LastEventIdReplayTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static final String OTHER = "https://example.com/books/2";
    private TestHub hub;

    @BeforeEach
    void startHub() {
        hub = TestHub.start("--anonymous");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private List<String> publish(String topic, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(hub.publish().topic(topic).data(topic + " #" + i).sendOk());
        }
        return ids;
    }

    private static List<String> ids(List<SseEvent> events) {
        return events.stream().map(SseEvent::id).toList();
    }

    @Test
    void replaysEverythingAfterTheIdThenGoesLive() {
        List<String> ids = publish(TOPIC, 5);
        try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId(ids.get(1)).open()) {
            assertEquals(ids.get(1), events.header("Last-Event-ID"));
            assertEquals(ids.subList(2, 5), ids(events.next(3)));
            String live = hub.publish().topic(TOPIC).data("live").sendOk();
            assertEquals(live, events.next().id());
        }
    }

    @Test
    void lastEventIdQueryParameterWorksLikeTheHeader() {
        List<String> ids = publish(TOPIC, 3);
        try (SseClient events = hub.subscriber().topics(TOPIC).query("lastEventID", ids.get(0)).open()) {
            assertEquals(ids.get(0), events.header("Last-Event-ID"));
            assertEquals(ids.subList(1, 3), ids(events.next(2)));
        }
    }

    @Test
    void headerWinsOverQueryParameter() {
        List<String> ids = publish(TOPIC, 4);
        try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId(ids.get(2))
                .query("lastEventID", ids.get(0)).open()) {
            assertEquals(ids.get(2), events.header("Last-Event-ID"));
            assertEquals(ids.get(3), events.next().id());
        }
    }

    @Test
    void replayHoldsOnlyUpdatesMatchingTheSubscription() {
        String first = hub.publish().topic(TOPIC).data("a").sendOk();
        hub.publish().topic(OTHER).data("b").sendOk();
        String mine = hub.publish().topic(OTHER, TOPIC).data("c").sendOk();
        hub.publish().topic(TOPIC).data("private").privately().sendOk();
        String last = hub.publish().topic(TOPIC).data("d").sendOk();
        try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId(first).open()) {
            assertEquals(List.of(mine, last), ids(events.next(2)));
        }
    }

    @Test
    void replayedEventsKeepTheirTypeRetryAndData() {
        String start = hub.publish().topic(TOPIC).data("start").sendOk();
        String id = hub.publish().topic(TOPIC).data("line 1\nline 2").type("book").retry("1000").id("b-1").sendOk();
        try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId(start).open()) {
            assertEquals(new SseEvent(id, "book", "line 1\nline 2", 1000L), events.next());
        }
    }

    @Test
    void earliestReplaysEverythingRetained() {
        List<String> ids = publish(TOPIC, 4);
        try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId("earliest").open()) {
            assertEquals("earliest", events.header("Last-Event-ID"));
            assertEquals(ids, ids(events.next(4)));
        }
    }

    @Test
    void unknownIdReplaysEverythingRetainedAndAnswersEarliest() {
        List<String> ids = publish(TOPIC, 3);
        try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId("never-published").open()) {
            assertEquals("earliest", events.header("Last-Event-ID"));
            assertEquals(ids, ids(events.next(3)));
        }
    }

    @Test
    void reusedIdResumesAfterItsMostRecentUse() {
        hub.publish().topic(TOPIC).id("again").data("1").sendOk();
        hub.publish().topic(TOPIC).data("2").sendOk();
        hub.publish().topic(TOPIC).id("again").data("3").sendOk();
        String after = hub.publish().topic(TOPIC).data("4").sendOk();
        try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId("again").open()) {
            assertEquals(after, events.next().id());
            String sentinel = hub.publishSentinel(TOPIC);
            assertEquals(sentinel, events.next().id());
        }
    }

    @Test
    void withoutRequestedIdNothingIsReplayedAndTheHeaderNamesTheNewestWantedUpdate() {
        String wanted = hub.publish().topic(TOPIC).data("a").sendOk();
        hub.publish().topic(OTHER).data("b").sendOk();
        try (SseClient events = hub.subscribe(TOPIC)) {
            assertEquals(wanted, events.header("Last-Event-ID"));
            String sentinel = hub.publishSentinel(TOPIC);
            assertEquals(sentinel, events.next().id(), "nothing is replayed without a Last-Event-ID");
        }
    }

    @Test
    void withoutRequestedIdAndNothingWantedTheHeaderIsEarliest() {
        hub.publish().topic(OTHER).data("b").sendOk();
        try (SseClient events = hub.subscribe(TOPIC)) {
            assertEquals("earliest", events.header("Last-Event-ID"));
        }
        try (TestHub empty = TestHub.start("--anonymous"); SseClient events = empty.subscribe(TOPIC)) {
            assertEquals("earliest", events.header("Last-Event-ID"));
        }
    }

    @Test
    void headerNeverNamesAPrivateUpdateTheSubscriberMayNotSee() {
        String visible = hub.publish().topic(TOPIC).data("public").sendOk();
        String hidden = hub.publish().topic(TOPIC).data("private").privately().sendOk();
        try (SseClient anonymous = hub.subscribe(TOPIC);
             SseClient granted = hub.subscriber().token(hub.tokens().subscriber(TOPIC)).topics(TOPIC).open()) {
            assertEquals(visible, anonymous.header("Last-Event-ID"));
            assertEquals(hidden, granted.header("Last-Event-ID"));
        }
        try (SseClient resuming = hub.subscriber().topics(TOPIC).lastEventId(hidden).open()) {
            assertEquals("earliest", resuming.header("Last-Event-ID"), "a hidden id is not echoed back");
        }
    }

    @Test
    void requestedIdOfAnotherTopicIsFoundAndEchoed() {
        String elsewhere = hub.publish().topic(OTHER).data("b").sendOk();
        String mine = hub.publish().topic(TOPIC).data("a").sendOk();
        try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId(elsewhere).open()) {
            assertEquals(elsewhere, events.header("Last-Event-ID"));
            assertEquals(mine, events.next().id());
        }
    }
}
