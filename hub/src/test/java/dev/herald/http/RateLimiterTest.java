package dev.herald.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token buckets per identity, on a clock the test moves. */
class RateLimiterTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private RateLimiter limiter(double ratePerSecond, long burst, int maxIdentities) {
        return new RateLimiter(ratePerSecond, burst, maxIdentities, now::get);
    }

    @Test
    void aBurstPassesThenTheNextWaitsForItsToken() {
        RateLimiter limiter = limiter(10, 5, 100);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limiter.acquire("a"), "request " + i + " of the burst");
        }
        assertEquals(SECOND / 10, limiter.acquire("a"), "one token comes every tenth of a second");
        now.addAndGet(SECOND / 20);
        assertEquals(SECOND / 20, limiter.acquire("a"), "a refused request takes nothing");
    }

    @Test
    void tokensRefillAtTheRateUpToTheBurst() {
        RateLimiter limiter = limiter(10, 5, 100);
        for (int i = 0; i < 5; i++) {
            limiter.acquire("a");
        }
        now.addAndGet(SECOND / 5);
        assertEquals(0, limiter.acquire("a"));
        assertEquals(0, limiter.acquire("a"));
        assertTrue(limiter.acquire("a") > 0, "two tenths of a second give two tokens");

        now.addAndGet(60 * SECOND);
        int passed = 0;
        while (limiter.acquire("a") == 0) {
            passed++;
        }
        assertEquals(5, passed, "a long pause refills the bucket to the burst, no more");
    }

    @Test
    void identitiesHaveBucketsOfTheirOwn() {
        RateLimiter limiter = limiter(1, 2, 100);
        limiter.acquire("a");
        limiter.acquire("a");
        assertTrue(limiter.acquire("a") > 0);
        assertEquals(0, limiter.acquire("b"));
    }

    @Test
    void aRateOfZeroRefusesNothingAndTracksNothing() {
        RateLimiter limiter = limiter(0, 1, 100);
        assertFalse(limiter.enabled());
        for (int i = 0; i < 1_000; i++) {
            assertEquals(0, limiter.acquire("a"));
        }
        assertEquals(0, limiter.trackedIdentities());
    }

    @Test
    void manyDistinctIdentitiesNeverTrackMoreThanTheCap() {
        RateLimiter limiter = limiter(1, 10, 1_000);
        for (int i = 0; i < 50_000; i++) {
            assertEquals(0, limiter.acquire("identity-" + i), "a new identity starts with a full bucket");
            assertTrue(limiter.trackedIdentities() <= 1_000);
        }
        assertEquals(1_000, limiter.trackedIdentities(), "drained buckets are kept up to the cap");
    }

    @Test
    void theCapEvictsTheLeastRecentlyUsedBucket() {
        RateLimiter limiter = limiter(1, 1, 3);
        limiter.acquire("a");
        limiter.acquire("b");
        limiter.acquire("c");
        assertTrue(limiter.acquire("a") > 0, "touches a, so b is now the least recently used");
        limiter.acquire("d");
        assertTrue(limiter.acquire("a") > 0, "a kept its drained bucket");
        assertTrue(limiter.acquire("c") > 0, "c kept its drained bucket");
        assertEquals(0, limiter.acquire("b"), "b was evicted and starts again full");
    }

    @Test
    void idleBucketsThatRefilledAreDropped() {
        RateLimiter limiter = limiter(10, 5, 1_000);
        for (int i = 0; i < 500; i++) {
            limiter.acquire("idle-" + i);
        }
        assertEquals(500, limiter.trackedIdentities());
        now.addAndGet(SECOND);
        for (int i = 0; i < 300; i++) {
            limiter.acquire("busy");
        }
        assertEquals(1, limiter.trackedIdentities(), "every refilled bucket went, the busy one stays");
    }

    @Test
    void longIdentitiesAreKeptByDigestAndStillApart() {
        RateLimiter limiter = limiter(1, 1, 100);
        String long1 = "x".repeat(10_000) + "1";
        String long2 = "x".repeat(10_000) + "2";
        assertEquals(0, limiter.acquire(long1));
        assertTrue(limiter.acquire(long1) > 0, "the same long identity finds its bucket");
        assertEquals(0, limiter.acquire(long2), "another long identity has its own");
    }
}
