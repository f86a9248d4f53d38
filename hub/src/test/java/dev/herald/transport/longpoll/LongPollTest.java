package dev.herald.transport.longpoll;

import dev.herald.testing.Http;
import dev.herald.testing.LongPoller;
import dev.herald.testing.LongPoller.Poll;
import dev.herald.testing.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** protocol-spec/long-poll.md, rule by rule, against a real hub. */
class LongPollTest {

    @Test
    void aPollWithALastEventIdReturnsAtOnceWithEverythingAfterIt() {
        try (TestHub hub = TestHub.start("--anonymous")) {
            String first = hub.publish().topic("a").data("1").sendOk();
            hub.publish().topic("b").data("other topic").sendOk();
            String second = hub.publish().topic("a").data("2").type("edited").sendOk();
            String third = hub.publish().topic("a").data("3").sendOk();
            Poll poll = LongPoller.poll(hub, first, null, "a");
            assertEquals(200, poll.status());
            assertEquals(List.of("2", "3"), poll.updates().stream().map(u -> u.getString("data")).toList());
            assertEquals(second, poll.updates().get(0).getString("id"));
            assertEquals("edited", poll.updates().get(0).getString("event"));
            assertEquals(third, poll.lastEventId());
            assertEquals(third, poll.lastEventIdHeader());
            assertFalse(poll.more());
        }
    }

    @Test
    void aPollWithNothingNewHoldsUntilAnUpdateArrives() throws Exception {
        try (TestHub hub = TestHub.start("--anonymous", "--poll-timeout", "8s")) {
            String last = hub.publish().topic("a").data("before").sendOk();
            CompletableFuture<Poll> poll = CompletableFuture.supplyAsync(() -> LongPoller.poll(hub, last, null, "a"));
            hub.awaitSubscriberCount(1);
            assertFalse(poll.isDone());
            String id = hub.publish().topic("a").data("arrived").sendOk();
            Poll answer = poll.get(5, TimeUnit.SECONDS);
            assertEquals(List.of("arrived"), answer.updates().stream().map(u -> u.getString("data")).toList());
            assertEquals(id, answer.lastEventId());
            hub.awaitSubscriberCount(0);
        }
    }

    @Test
    void aPollThatTimesOutReturnsEmptyWithTheSameLastEventId() {
        try (TestHub hub = TestHub.start("--anonymous", "--poll-timeout", "300ms")) {
            String last = hub.publish().topic("a").data("only").sendOk();
            Poll poll = LongPoller.poll(hub, last, null, "a");
            assertEquals(200, poll.status());
            assertTrue(poll.updates().isEmpty());
            assertEquals(last, poll.lastEventId());
            assertEquals(last, poll.lastEventIdHeader());
        }
    }

    @Test
    void aFirstPollWithoutAnIdWaitsForTheNextUpdateOrReplaysOnEarliest() throws Exception {
        try (TestHub hub = TestHub.start("--anonymous", "--poll-timeout", "8s")) {
            hub.publish().topic("a").data("old").sendOk();
            assertEquals(List.of("old"), LongPoller.poll(hub, "earliest", null, "a").updates().stream()
                    .map(u -> u.getString("data")).toList());
            CompletableFuture<Poll> poll = CompletableFuture.supplyAsync(() -> LongPoller.poll(hub, null, null, "a"));
            hub.awaitSubscriberCount(1);
            hub.publish().topic("a").data("new").sendOk();
            assertEquals(List.of("new"), poll.get(5, TimeUnit.SECONDS).updates().stream()
                    .map(u -> u.getString("data")).toList());
        }
    }

    @Test
    void theBatchSizeBoundsAResponseAndMoreSaysToPollAgain() {
        try (TestHub hub = TestHub.start("--anonymous", "--poll-batch-size", "3")) {
            for (int i = 1; i <= 7; i++) {
                hub.publish().topic("a").data(String.valueOf(i)).sendOk();
            }
            Poll first = LongPoller.poll(hub, "earliest", null, "a");
            assertEquals(List.of("1", "2", "3"), data(first));
            assertTrue(first.more());
            Poll second = LongPoller.poll(hub, first.lastEventId(), null, "a");
            assertEquals(List.of("4", "5", "6"), data(second));
            assertTrue(second.more());
            Poll third = LongPoller.poll(hub, second.lastEventId(), null, "a");
            assertEquals(List.of("7"), data(third));
            assertFalse(third.more());
        }
    }

    @Test
    void consecutivePollsLoseNothingWhilePublishesRace() throws Exception {
        int total = 400;
        try (TestHub hub = TestHub.start("--anonymous", "--poll-timeout", "2s", "--poll-batch-size", "7")) {
            String start = hub.publish().topic("race").data("start").sendOk();
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < total; i++) {
                    hub.publish().topic(i % 3 == 0 ? "race" : "race-elsewhere", "race").data(String.valueOf(i)).sendOk();
                }
            });
            List<String> received = new ArrayList<>();
            String last = start;
            while (received.size() < total) {
                Poll poll = LongPoller.poll(hub, last, null, "race");
                assertEquals(200, poll.status());
                poll.updates().forEach(update -> received.add(update.getString("data")));
                last = poll.lastEventId();
                if (publishing.isDone() && poll.updates().isEmpty()) {
                    break;
                }
            }
            publishing.get(30, TimeUnit.SECONDS);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                expected.add(String.valueOf(i));
            }
            assertEquals(expected, received, "every update once, in order");
        }
    }

    @Test
    void privateUpdatesAreReturnedOnlyToGrantedPollers() {
        try (TestHub hub = TestHub.start("--anonymous")) {
            hub.publish().topic("a").data("secret").privately().sendOk();
            hub.publish().topic("a").data("public").sendOk();
            assertEquals(List.of("public"), data(LongPoller.poll(hub, "earliest", null, "a")));
            assertEquals(List.of("secret", "public"),
                    data(LongPoller.poll(hub, "earliest", hub.tokens().subscriber("a"), "a")));
        }
    }

    @Test
    void aPollWithoutTopicIsRefusedAndAnUnknownAcceptSaysWhatToSend() {
        try (TestHub hub = TestHub.start("--anonymous")) {
            Poll noTopic = LongPoller.poll(hub, null, null);
            assertEquals(400, noTopic.status());
            assertTrue(noTopic.body().getString("error").contains("topic"));
            var html = Http.get(hub.hubUrl() + "?topic=a", Map.of("Accept", "text/html"));
            assertEquals(406, html.status());
            assertTrue(html.body().contains("application/json"), html.body());
            hub.publish().topic("a").data("x").sendOk();
            var explicit = Http.get(hub.hubUrl() + "?topic=a&transport=longpoll&lastEventID=earliest", Map.of());
            assertEquals(200, explicit.status());
            assertEquals("poll", new JsonObject(explicit.body()).getString("type"));
        }
    }

    private static List<String> data(Poll poll) {
        return poll.updates().stream().map(update -> update.getString("data")).toList();
    }
}
