package dev.herald.redis;

import dev.herald.config.RedisSettings;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;
import dev.herald.core.Update;
import dev.herald.core.UpdateDraft;
import dev.herald.history.HistoryPage;
import dev.herald.history.ReplayStart;
import dev.herald.testing.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared log against a real Redis: positions, ids, replay reads, retention, restarts. */
class RedisEventLogTest {
    private static final Predicate<Update> EVERYTHING = update -> true;
    private static RedisServer redis;
    private static Vertx vertx;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.launch();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        await(vertx.close());
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        redis.flushAll();
    }

    private static RedisEventLog log(String prefix, int size, Duration maxAge) {
        RedisSettings settings = new RedisSettings(redis.url(), List.of(), "mymaster", prefix, Duration.ofSeconds(2));
        RedisLink link = new RedisLink(RedisClients.create(vertx, settings), settings.timeout());
        return new RedisEventLog(link, new LogScript(prefix), size, maxAge);
    }

    private static RedisEventLog log(int size) {
        return log("herald", size, Duration.ZERO);
    }

    private static UpdateDraft draft(String id, String topic, String data) {
        return new UpdateDraft(id, List.of(topic), data, null, null, false);
    }

    private static EncodedUpdate append(RedisEventLog log, String id, String topic) {
        return await(log.append(draft(id, topic, "data of " + id)));
    }

    @Test
    void appendsGetConsecutiveSequencesOfOneEpochAndKeepEveryField() {
        RedisEventLog log = log(100);
        EncodedUpdate first = append(log, null, "https://example.com/a");
        EncodedUpdate second = await(log.append(new UpdateDraft("chosen", List.of("https://example.com/b", "alt"),
                "line 1\nline 2 ✓", "kind", 2500L, true)));
        assertEquals(1, first.position().sequence());
        assertEquals(2, second.position().sequence());
        assertEquals(first.position().epoch(), second.position().epoch());
        assertTrue(first.update().id().startsWith("urn:uuid:"), "the log generates ids");

        HistoryPage page = await(log.readAfter(new LogPosition(first.position().epoch(), 0), EVERYTHING, 10));
        assertEquals(List.of(first.update(), second.update()), page.updates().stream().map(EncodedUpdate::update).toList(),
                "what is read back equals what was appended, field by field");
        assertFalse(page.more());
        assertEquals(second.position(), page.scannedUpTo());
    }

    @Test
    void locatesAnIdAppendedThroughAnotherConnectionAsAnotherNodeWould() {
        RedisEventLog publisherNode = log(100);
        RedisEventLog otherNode = log(100);
        append(publisherNode, "a", "t");
        EncodedUpdate b = append(publisherNode, "b", "t");
        append(publisherNode, "c", "t");

        ReplayStart start = await(otherNode.locate("b", EVERYTHING));
        assertEquals(b.position(), start.after());
        assertEquals(b.update(), start.anchor());
        List<String> after = ids(await(otherNode.readAfter(start.after(), EVERYTHING, 10)));
        assertEquals(List.of("c"), after);
    }

    @Test
    void unknownIdsAndEarliestStartBeforeTheOldestWithNoAnchor() {
        RedisEventLog log = log(100);
        EncodedUpdate a = append(log, "a", "t");
        for (String id : new String[] {"never-published", ReplayStart.EARLIEST}) {
            ReplayStart start = await(log.locate(id, EVERYTHING));
            assertEquals(new LogPosition(a.position().epoch(), 0), start.after());
            assertNull(start.anchor());
        }
    }

    @Test
    void aStartAtTheHeadIsAnchoredOnTheNewestWantedUpdateFoundWithinTheScanLimit() {
        RedisEventLog log = log(5_000);
        EncodedUpdate wanted = append(log, "wanted", "mine");
        // More unwanted updates after it than one chunk of the backward scan holds.
        for (int i = 0; i < RedisEventLog.ANCHOR_CHUNK * 3 + 7; i++) {
            append(log, "other-" + i, "theirs");
        }
        EncodedUpdate head = append(log, "last-other", "theirs");
        Predicate<Update> mine = update -> update.topics().contains("mine");

        ReplayStart start = await(log.locate(null, mine));
        assertEquals(head.position(), start.after(), "nothing is replayed");
        assertEquals(wanted.update(), start.anchor());

        for (int i = 0; i < RedisEventLog.ANCHOR_SCAN_LIMIT; i++) {
            append(log, "more-" + i, "theirs");
        }
        assertNull(await(log.locate(null, mine)).anchor(), "beyond the scan limit, no anchor");
    }

    @Test
    void pagesAreBoundedByTheLimitAndByTheEntriesScanned() {
        RedisEventLog log = log(5_000);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < RedisEventLog.PAGE_SCAN_LIMIT + 50; i++) {
            all.add(append(log, "u" + i, i % 2 == 0 ? "even" : "odd").update().id());
        }
        long epoch = await(log.head()).epoch();
        HistoryPage limited = await(log.readAfter(new LogPosition(epoch, 0), EVERYTHING, 10));
        assertEquals(all.subList(0, 10), ids(limited));
        assertTrue(limited.more());
        assertEquals(10, limited.scannedUpTo().sequence(), "the next page starts right after the last one returned");

        HistoryPage odd = await(log.readAfter(new LogPosition(epoch, 0), update -> update.topics().contains("odd"), 1_000));
        assertEquals(RedisEventLog.PAGE_SCAN_LIMIT / 2, odd.updates().size());
        assertEquals(RedisEventLog.PAGE_SCAN_LIMIT, odd.scannedUpTo().sequence());
        assertTrue(odd.more());

        assertEquals(all, readAll(log, epoch).ids(), "paging reads everything once, in order");
    }

    @Test
    void retentionByCountTrimsTheStreamAndTheIdIndexButKeepsAReusedIdOnItsNewestUpdate() {
        RedisEventLog log = log(1_000);
        EncodedUpdate reusedFirst = append(log, "reused", "t");
        for (int i = 0; i < 999; i++) {
            append(log, "u" + i, "t");
        }
        EncodedUpdate reusedAgain = append(log, "reused", "t");
        append(log, "last", "t");
        // 1 002 appended, 1 000 kept: the first "reused" and u0 are gone.
        assertEquals(1_000L, redis.command("XLEN", "{herald}:log"));
        assertEquals(1_000L, redis.command("HLEN", "{herald}:ids"), "the index holds one entry per retained id");
        assertEquals(reusedAgain.position(), await(log.locate("reused", EVERYTHING)).after());
        assertNull(await(log.locate("u0", EVERYTHING)).anchor(), "a trimmed id is forgotten");

        HistoryPage lost = await(log.readAfter(reusedFirst.position(), EVERYTHING, 10));
        assertTrue(lost.lost(), "a reader whose next update was trimmed cannot go on without a gap");
    }

    @Test
    void retentionByAgeTrimsWhatIsOlderOnTheNextAppend() throws InterruptedException {
        RedisEventLog log = log("aged", 1_000, Duration.ofMillis(300));
        append(log, "old", "t");
        Thread.sleep(400); // the age bound is the subject here: time has to pass
        EncodedUpdate young = append(log, "young", "t");
        assertEquals(1L, redis.command("XLEN", "{aged}:log"));
        assertEquals(1L, redis.command("HLEN", "{aged}:ids"));
        assertEquals(List.of("young"), ids(await(log.readAfter(new LogPosition(young.position().epoch(), 0), EVERYTHING, 10))));
    }

    @Test
    void aFlushedLogStartsANewEpochAndOldPositionsAreLost() {
        RedisEventLog log = log(100);
        EncodedUpdate before = append(log, "a", "t");
        redis.flushAll();
        EncodedUpdate after = append(log, "b", "t");
        assertFalse(after.position().sameEpoch(before.position()), "a new life of the log");
        assertEquals(1, after.position().sequence());
        assertTrue(await(log.readAfter(before.position(), EVERYTHING, 10)).lost());
        assertNull(await(log.locate("a", EVERYTHING)).anchor());
    }

    @Test
    void hubsWithDifferentPrefixesShareOneRedisWithoutSeeingEachOther() {
        RedisEventLog one = log("one", 100, Duration.ZERO);
        RedisEventLog two = log("two", 100, Duration.ZERO);
        append(one, "x", "t");
        EncodedUpdate onlyInTwo = append(two, "y", "t");
        assertEquals(1, onlyInTwo.position().sequence());
        assertNull(await(one.locate("y", EVERYTHING)).anchor());
        assertEquals(List.of("y"), ids(await(two.readAfter(new LogPosition(onlyInTwo.position().epoch(), 0), EVERYTHING, 10))));
    }

    @Test
    void pagesGoOverEntriesHeraldCannotReadWithoutSkippingWhatFollows() {
        RedisEventLog log = log(5_000);
        EncodedUpdate first = append(log, "first", "t");
        int foreign = RedisEventLog.PAGE_SCAN_LIMIT + 44; // more than a page of them
        for (int i = 0; i < foreign; i++) {
            redis.command("HINCRBY", "{herald}:meta", "seq", "1");
            redis.command("XADD", "{herald}:log", (first.position().sequence() + 1 + i) + "-1", "not", "herald's");
        }
        EncodedUpdate last = append(log, "last", "t");

        Replayed replayed = readAll(log, first.position().epoch());
        assertEquals(List.of("first", "last"), replayed.ids());
        assertEquals(last.position(), replayed.end());
    }

    @Test
    void aLogWhoseScriptRedisForgotLoadsItAgain() {
        RedisEventLog log = log(100);
        append(log, "a", "t");
        redis.command("SCRIPT", "FLUSH");
        assertEquals(2, append(log, "b", "t").position().sequence());
    }

    /** Everything a replay from the start of {@code epoch} reads, page by page, and where it ended. */
    private record Replayed(List<String> ids, LogPosition end) {
    }

    private static Replayed readAll(RedisEventLog log, long epoch) {
        List<String> ids = new ArrayList<>();
        LogPosition cursor = new LogPosition(epoch, 0);
        HistoryPage page;
        do {
            page = await(log.readAfter(cursor, EVERYTHING, 100));
            ids.addAll(ids(page));
            cursor = page.scannedUpTo();
        } while (page.more());
        return new Replayed(ids, cursor);
    }

    private static List<String> ids(HistoryPage page) {
        return page.updates().stream().map(update -> update.update().id()).toList();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
