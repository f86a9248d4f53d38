package dev.herald.hardening;

import dev.herald.testing.ForkedHub;
import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.LongPoller;
import dev.herald.testing.Probe;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attack: a publisher fills the history with large updates. Bounded by count alone (10 000 by
 * default), a few hundred updates of a megabyte exhaust the heap; {@code history_max_bytes}
 * (default: a quarter of the heap) makes the history drop its oldest updates instead, and refuse
 * an update larger than the whole budget with 413.
 */
class HistoryMemoryTest {
    /** 320 updates of 900 KiB: more than the whole 256 MiB heap of the forked hub. */
    private static final int UPDATES = 320;
    private static final String LARGE_DATA = "x".repeat(900 * 1024);

    @Test
    void largeUpdatesEvictTheOldestInsteadOfExhaustingTheHeap() {
        try (ForkedHub hub = ForkedHub.start("256m", "--anonymous")) {
            String firstMarker = hub.publish().topic("marker").data("before the flood").sendOk();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < UPDATES; i++) {
                ids.add(hub.publish().topic("big").data(LARGE_DATA).sendOk());
                if (i % 80 == 0) {
                    Probe.assertResponsive(hub);
                }
            }
            assertTrue(hub.isAlive(), "the hub died: " + hub.output());
            Probe.assertResponsive(hub);
            String lastMarker = hub.publish().topic("marker").data("after the flood").sendOk();

            // The newest updates are still replayed after an id the history kept...
            HttpResult resumed = longPoll(hub, "big", ids.get(UPDATES - 3));
            assertEquals(200, resumed.status(), resumed.body());
            assertTrue(resumed.body().contains(ids.get(UPDATES - 2)) && resumed.body().contains(ids.get(UPDATES - 1)),
                    "the newest updates are replayed");
            // ...while the oldest were dropped.
            HttpResult markers = longPoll(hub, "marker", "earliest");
            assertTrue(markers.body().contains(lastMarker), markers.body());
            assertFalse(markers.body().contains(firstMarker), "the oldest update was dropped: " + markers.body());
        }
    }

    @Test
    void anUpdateLargerThanTheWholeHistoryBudgetIsRefusedWith413() {
        try (TestHub hub = TestHub.start("--anonymous", "--history-max-bytes", "64KiB")) {
            HttpResult refused = hub.publish().topic("big").data("x".repeat(40 * 1024)).send();
            assertEquals(413, refused.status(), refused.body());
            assertTrue(refused.body().contains("history_max_bytes"), refused.body());
            String kept = hub.publish().topic("big").data("x".repeat(10 * 1024)).sendOk();
            assertEquals(kept, LongPoller.poll(hub, "earliest", null, "big").updates().get(0).getString("id"),
                    "the refused update left no trace in the history");
            Probe.assertResponsive(hub);
        }
    }

    /** A long-poll, which answers at once with what the history replays after {@code lastEventId}. */
    private static HttpResult longPoll(ForkedHub hub, String topic, String lastEventId) {
        return Http.get(hub.hubUrl() + "?topic=" + topic + "&lastEventID=" + TestHub.encode(lastEventId),
                Map.of("Accept", "application/json"));
    }
}
