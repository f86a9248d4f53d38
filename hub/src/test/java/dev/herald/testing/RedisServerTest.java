package dev.herald.testing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis fixture does what the Redis tests rely on, with the PATH's redis-server and with the
 * embedded binary alike: data survives a stop, a start and a kill; FLUSHALL empties it.
 */
class RedisServerTest {

    static List<Path> binaries() {
        List<Path> binaries = new ArrayList<>(List.of(RedisServer.embeddedBinary()));
        Path preferred = RedisServer.defaultBinary();
        if (!preferred.equals(RedisServer.embeddedBinary())) {
            binaries.add(preferred);
        }
        return binaries;
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void dataSurvivesAStopAndAKillAndFlushAllEmptiesIt(Path binary) {
        try (RedisServer redis = RedisServer.launch(binary)) {
            assertTrue(redis.url().matches("redis://127\\.0\\.0\\.1:\\d+"), redis.url());
            assertEquals("OK", redis.command("SET", "book", "dune"));

            redis.stop();
            assertFalse(redis.isRunning());
            assertThrows(java.io.UncheckedIOException.class, () -> redis.command("PING"), "stopped means unreachable");
            redis.start();
            assertEquals("dune", redis.command("GET", "book"), "a clean stop keeps the data");

            assertEquals("OK", redis.command("SET", "author", "herbert"));
            redis.kill();
            redis.start();
            assertEquals("herbert", redis.command("GET", "author"), "an acknowledged write survives SIGKILL");

            redis.flushAll();
            assertNull(redis.command("GET", "book"));
            assertEquals(0L, redis.command("DBSIZE"));
        }
    }
}
