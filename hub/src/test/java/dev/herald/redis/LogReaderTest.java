package dev.herald.redis;

import dev.herald.testing.RedisServer;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's reader when the stream holds what it cannot vouch for: an entry it cannot read, or a
 * sequence that skips ahead. Its subscribers are closed instead of silently missing updates, and
 * the node goes on delivering what follows.
 */
class LogReaderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        redis.flushAll();
    }

    @Test
    void anEntryNotWrittenByHeraldClosesSubscribersAndLaterUpdatesStillArrive() {
        try (TestHub hub = TestHub.start("--anonymous", "--redis-url", redis.url())) {
            String first = hub.publish().topic("news").data("one").sendOk();
            try (SseClient before = hub.subscribe("news")) {
                // A foreign entry at the next sequence, as a stray writer would leave it.
                redis.command("HINCRBY", "{herald}:meta", "seq", "1");
                redis.command("XADD", "{herald}:log", "2-1", "not", "herald's");
                assertTrue(before.awaitEnd(WAIT), "the subscriber is told updates may be missing");
            }
            try (SseClient after = hub.subscriber().topics("news").lastEventId(first).open()) {
                String third = hub.publish().topic("news").data("three").sendOk();
                assertEquals(third, after.next().id(), "the unreadable entry is skipped, what follows arrives");
            }
        }
    }

    @Test
    void aSequenceThatSkipsAheadClosesSubscribers() {
        try (TestHub hub = TestHub.start("--anonymous", "--redis-url", redis.url())) {
            hub.publish().topic("news").data("one").sendOk();
            try (SseClient subscriber = hub.subscribe("news")) {
                // Sequence 3 after 1: what 2 was, this node will never know.
                redis.command("HSET", "{herald}:meta", "seq", "2");
                String third = hub.publish().topic("news").data("three").sendOk();
                assertTrue(subscriber.awaitEnd(WAIT), "the subscriber is closed rather than left with a gap");
                try (SseClient resumed = hub.subscriber().topics("news").lastEventId("earliest").open()) {
                    assertEquals("one", resumed.next().data());
                    assertEquals(third, resumed.next().id());
                }
            }
        }
    }
}
