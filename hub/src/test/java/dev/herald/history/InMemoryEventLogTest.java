package dev.herald.history;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;
import dev.herald.core.Update;
import dev.herald.core.UpdateDraft;
import dev.herald.core.UpdateTooLargeException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log places updates, and is read in bounded pages that never hold up an append. */
class InMemoryEventLogTest {

    private static UpdateDraft draft(String id, String topic) {
        return new UpdateDraft(id, List.of(topic), "data", null, null, false);
    }

    private static InMemoryEventLog log(int capacity) {
        return new InMemoryEventLog(capacity, Duration.ZERO, Long.MAX_VALUE, Clock.systemUTC());
    }

    @Test
    void theLogAssignsPositionsAndGeneratesMissingIds() {
        InMemoryEventLog log = log(10);
        Update first = log.append(draft(null, "a")).update();
        Update second = log.append(draft("chosen", "a")).update();
        assertTrue(first.id().startsWith("urn:uuid:"), first.id());
        assertEquals("chosen", second.id());
        assertEquals(1, first.position().sequence());
        assertEquals(2, second.position().sequence());
        assertTrue(second.position().isAfter(first.position()));
        assertNotEquals(log(10).append(draft(null, "a")).position().epoch(), first.position().epoch(),
                "every log starts its own epoch");
    }

    @Test
    void aPageScansABoundedNumberOfEntriesAndSaysWhetherMoreFollow() {
        InMemoryEventLog log = log(10_000);
        int total = 3 * InMemoryEventLog.PAGE_SCAN_LIMIT;
        for (int i = 0; i < total; i++) {
            log.append(draft(null, i == total - 1 ? "wanted" : "other"));
        }
        ReplayStart start = log.locate(ReplayStart.EARLIEST, update -> true).result();
        LogPosition cursor = start.after();
        int pages = 0;
        HistoryPage page;
        do {
            page = log.readAfter(cursor, update -> update.topics().contains("wanted"), 10).result();
            pages++;
            assertTrue(page.scannedUpTo().sequence() - cursor.sequence() <= InMemoryEventLog.PAGE_SCAN_LIMIT);
            cursor = page.scannedUpTo();
        } while (page.more());
        assertEquals(3, pages, "one page per scan limit, even when nothing matches");
        assertEquals(List.of("wanted"), page.updates().stream().map(u -> u.update().topics().get(0)).toList());
        assertEquals(total, cursor.sequence());
    }

    @Test
    void aPageStopsAtItsLimitAndTheNextOneContinuesWithoutGap() {
        InMemoryEventLog log = log(100);
        for (int i = 0; i < 25; i++) {
            log.append(draft(null, "t"));
        }
        LogPosition start = log.locate(ReplayStart.EARLIEST, update -> true).result().after();
        HistoryPage first = log.readAfter(start, update -> true, 10).result();
        HistoryPage second = log.readAfter(first.scannedUpTo(), update -> true, 100).result();
        assertEquals(10, first.updates().size());
        assertTrue(first.more());
        assertEquals(15, second.updates().size());
        assertFalse(second.more());
        assertEquals(11, second.updates().get(0).position().sequence());
    }

    @Test
    void aPositionWhoseSuccessorWasEvictedOrFromAnotherEpochIsLost() {
        InMemoryEventLog log = log(5);
        EncodedUpdate first = log.append(draft(null, "t"));
        for (int i = 0; i < 10; i++) {
            log.append(draft(null, "t"));
        }
        assertTrue(log.readAfter(first.position(), update -> true, 10).result().lost());
        assertTrue(log.readAfter(new LogPosition(first.position().epoch() + 1, 10), update -> true, 10).result().lost());
        LogPosition start = log.locate(ReplayStart.EARLIEST, update -> true).result().after();
        HistoryPage fromStart = log.readAfter(start, update -> true, 10).result();
        assertFalse(fromStart.lost(), "a read from the start begins at the oldest retained update");
        assertEquals(5, fromStart.updates().size());
    }

    @Test
    void aReadFromTheStartTakesWhateverIsRetainedWhenItRuns() {
        for (int capacity : new int[] {0, 3}) {
            InMemoryEventLog log = log(capacity);
            log.append(draft(null, "t"));
            LogPosition start = log.locate(ReplayStart.EARLIEST, update -> true).result().after();
            for (int i = 0; i < 5; i++) {
                log.append(draft(null, "t")); // evicts what was oldest when the replay was located
            }
            HistoryPage page = log.readAfter(start, update -> true, 10).result();
            assertFalse(page.lost(), "capacity " + capacity);
            assertEquals(capacity, page.updates().size());
            assertFalse(page.more());
            assertEquals(6, page.scannedUpTo().sequence());
        }
    }

    @Test
    void locateFindsTheAnchorOrStartsFromTheOldest() {
        InMemoryEventLog log = log(10);
        log.append(draft("one", "a"));
        log.append(draft("two", "b"));
        log.append(draft("three", "a"));
        ReplayStart live = log.locate(null, update -> update.topics().contains("b")).result();
        assertEquals("two", live.anchor().id());
        assertEquals(3, live.after().sequence(), "no id: nothing is replayed");
        ReplayStart known = log.locate("one", update -> true).result();
        assertEquals(1, known.after().sequence());
        assertEquals("one", known.anchor().id());
        ReplayStart unknown = log.locate("never", update -> true).result();
        assertNull(unknown.anchor());
        assertEquals(3, log.readAfter(unknown.after(), update -> true, 10).result().updates().size());
    }

    @Test
    void matchingDuringAReadNeverHoldsUpAnAppend() throws Exception {
        InMemoryEventLog log = log(100);
        log.append(draft(null, "t"));
        CountDownLatch matching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<HistoryPage> read = CompletableFuture.supplyAsync(() ->
                log.readAfter(log.locate(ReplayStart.EARLIEST, update -> true).result().after(), update -> {
                    matching.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return true;
                }, 10).result());
        assertTrue(matching.await(10, TimeUnit.SECONDS));
        CompletableFuture<EncodedUpdate> append = CompletableFuture.supplyAsync(() -> log.append(draft(null, "t")));
        assertEquals(2, append.get(5, TimeUnit.SECONDS).position().sequence(), "the append went through mid-read");
        release.countDown();
        assertEquals(1, read.get(10, TimeUnit.SECONDS).updates().size());
    }

    @Test
    void theByteBoundDropsTheOldestAndRefusesAnUpdateLargerThanItAll() {
        UpdateDraft large = new UpdateDraft("large", List.of("t"), "x".repeat(1_000), null, null, false);
        long each = InMemoryEventLog.retainedBytes(large, "large");
        InMemoryEventLog log = new InMemoryEventLog(100, Duration.ZERO, 3 * each, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            log.append(large);
        }
        LogPosition start = log.locate(ReplayStart.EARLIEST, update -> true).result().after();
        List<Long> kept = log.readAfter(start, update -> true, 10).result().updates().stream()
                .map(update -> update.position().sequence()).toList();
        assertEquals(List.of(3L, 4L, 5L), kept, "the newest three fit");
        UpdateDraft huge = new UpdateDraft(null, List.of("t"), "x".repeat(4_000), null, null, false);
        assertThrows(UpdateTooLargeException.class, () -> log.append(huge));
        assertEquals(6, log.append(draft(null, "t")).position().sequence(), "the refused update took no position");
    }

    @Test
    void aPageAtTheHeadIsEmptyAndFinal() {
        InMemoryEventLog log = log(10);
        LogPosition head = log.append(draft(null, "t")).position();
        HistoryPage page = log.readAfter(head, update -> true, 10).result();
        assertEquals(List.of(), page.updates());
        assertEquals(head, page.scannedUpTo());
        assertFalse(page.more());
        assertFalse(page.lost());
    }
}
