package dev.herald.history;

import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replay-to-live hand-off has no gap and no duplicate even while publishes race with the
 * connect: a publisher posts numbered events as fast as it can while subscribers keep connecting
 * with the id of some event k and must receive exactly k+1, k+2, … in order.
 */
class ReplayRaceTest {
    private static final String TOPIC = "https://example.com/race";
    private static final int EVENTS = 3000;
    private static final int PER_ROUND = 150;
    private static final int SUBSCRIBER_THREADS = 4;

    private static String id(int n) {
        return "n-" + n;
    }

    private static int number(SseEvent event) {
        return Integer.parseInt(event.id().substring(2));
    }

    @Test
    void resumingWhilePublishesRaceLosesAndRepeatsNothing() throws Exception {
        try (TestHub hub = TestHub.start("--anonymous", "--history-size", String.valueOf(EVENTS + 10))) {
            AtomicInteger acknowledged = new AtomicInteger(0);
            ExecutorService threads = Executors.newFixedThreadPool(1 + 2 * SUBSCRIBER_THREADS);
            try {
                Future<?> publisher = threads.submit(() -> {
                    for (int n = 1; n <= EVENTS; n++) {
                        hub.publish().topic(TOPIC).id(id(n)).data(String.valueOf(n)).sendOk();
                        acknowledged.set(n);
                    }
                });
                List<Future<Integer>> resumers = new ArrayList<>();
                List<Future<Integer>> joiners = new ArrayList<>();
                for (int t = 0; t < SUBSCRIBER_THREADS; t++) {
                    resumers.add(threads.submit(() -> resumeRounds(hub, acknowledged)));
                    joiners.add(threads.submit(() -> joinRounds(hub, acknowledged)));
                }
                publisher.get();
                int rounds = 0;
                for (Future<Integer> rounds1 : resumers) {
                    rounds += rounds1.get();
                }
                for (Future<Integer> rounds2 : joiners) {
                    rounds += rounds2.get();
                }
                assertTrue(rounds >= 2 * SUBSCRIBER_THREADS, "rounds run: " + rounds);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** Reconnects with {@code Last-Event-ID: n-k} for an acknowledged k, until the publisher is done. */
    private static int resumeRounds(TestHub hub, AtomicInteger acknowledged) {
        int rounds = 0;
        do {
            int head = acknowledged.get();
            if (head == 0) {
                Thread.onSpinWait();
                continue;
            }
            int k = Math.max(1, head - ThreadLocalRandom.current().nextInt(0, 40));
            try (SseClient events = hub.subscriber().topics(TOPIC).lastEventId(id(k)).open()) {
                assertEquals(id(k), events.header("Last-Event-ID"));
                expectContiguousFrom(events, k + 1);
            }
            rounds++;
        } while (acknowledged.get() < EVENTS || rounds == 0);
        return rounds;
    }

    /**
     * Connects without a Last-Event-ID: the response header names the newest update at connect
     * time, and live delivery must continue right after it.
     */
    private static int joinRounds(TestHub hub, AtomicInteger acknowledged) {
        int rounds = 0;
        do {
            if (acknowledged.get() == 0) {
                Thread.onSpinWait();
                continue;
            }
            try (SseClient events = hub.subscribe(TOPIC)) {
                int anchor = Integer.parseInt(events.header("Last-Event-ID").substring(2));
                expectContiguousFrom(events, anchor + 1);
            }
            rounds++;
        } while (acknowledged.get() < EVENTS || rounds == 0);
        return rounds;
    }

    private static void expectContiguousFrom(SseClient events, int first) {
        int last = Math.min(EVENTS, first + PER_ROUND - 1);
        for (int n = first; n <= last; n++) {
            SseEvent event = events.next(Duration.ofSeconds(10));
            assertEquals(n, number(event), "expected event " + n + " after starting at " + first);
        }
    }
}
