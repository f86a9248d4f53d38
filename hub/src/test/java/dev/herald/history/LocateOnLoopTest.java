package dev.herald.history;

import dev.herald.core.Update;
import dev.herald.core.UpdateDraft;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subscribe without a last event id, asked from an event loop: the anchor among the newest few
 * updates is answered at once, on the loop; one further back is still found, by a worker, so a
 * long scan never holds the loop.
 */
class LocateOnLoopTest {
    private static Vertx vertx;
    private static Context loop;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAnchorAmongTheNewestIsAnsweredOnTheLoopAtOnce() throws Exception {
        InMemoryEventLog log = log("a", "b", "a", "a");
        Located located = locateOnLoop(log, update -> update.topics().contains("b"));
        assertTrue(located.completeOnReturn, "no worker round trip");
        assertEquals("2", located.start.anchor().id());
        assertEquals(4, located.start.after().sequence(), "no id: nothing is replayed");
        assertFalse(located.matchedOffLoop);
    }

    @Test
    void anAnchorFurtherBackIsFoundByAWorker() throws Exception {
        String[] topics = new String[InMemoryEventLog.IN_PLACE_ANCHOR_SCAN + 20];
        Arrays.fill(topics, "a");
        topics[3] = "b";
        InMemoryEventLog log = log(topics);
        Located located = locateOnLoop(log, update -> update.topics().contains("b"));
        assertEquals("4", located.start.anchor().id(), "the newest wanted, not the newest");
        assertEquals(topics.length, located.start.after().sequence());
        assertTrue(located.matchedOffLoop, "past the newest few, matching runs on a worker");
    }

    @Test
    void nothingWantedMeansNoAnchor() throws Exception {
        InMemoryEventLog few = log("a", "a");
        Located located = locateOnLoop(few, update -> false);
        assertTrue(located.completeOnReturn);
        assertNull(located.start.anchor());

        String[] many = new String[InMemoryEventLog.IN_PLACE_ANCHOR_SCAN + 5];
        Arrays.fill(many, "a");
        assertNull(locateOnLoop(log(many), update -> false).start.anchor());
    }

    private record Located(ReplayStart start, boolean completeOnReturn, boolean matchedOffLoop) {
    }

    /** Updates with ids "1", "2"… on the given topics, in order. */
    private static InMemoryEventLog log(String... topics) {
        InMemoryEventLog log = new InMemoryEventLog(100, Duration.ZERO, Long.MAX_VALUE, Clock.systemUTC());
        for (int i = 0; i < topics.length; i++) {
            log.append(new UpdateDraft(String.valueOf(i + 1), List.of(topics[i]), "data", null, null, false));
        }
        return log;
    }

    private static Located locateOnLoop(InMemoryEventLog log, Predicate<Update> wanted) throws Exception {
        Set<Boolean> onWorker = ConcurrentHashMap.newKeySet();
        CompletableFuture<Located> result = new CompletableFuture<>();
        loop.runOnContext(ignored -> {
            Future<ReplayStart> start = log.locate(null, update -> {
                onWorker.add(Context.isOnWorkerThread());
                return wanted.test(update);
            });
            boolean complete = start.isComplete();
            start.onComplete(done -> result.complete(new Located(done.result(), complete, onWorker.contains(true))));
        });
        return result.get(10, TimeUnit.SECONDS);
    }
}
