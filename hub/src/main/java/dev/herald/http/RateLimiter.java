package dev.herald.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per identity: a bucket holds at most {@code burst} tokens, gains
 * {@code ratePerSecond} a second, and each request takes one; a request that finds none is told how
 * long until one is there.
 *
 * <p>Memory is bounded whatever identities arrive: a bucket that has refilled is the same as no
 * bucket, so each call drops the least recently used buckets that have; past
 * {@code maxIdentities} buckets the least recently used one goes whatever it holds (that identity
 * starts again with a full bucket, which favours only it). An identity longer than
 * {@value #MAX_IDENTITY_LENGTH} characters is kept as its SHA-256.
 *
 * <p>Threading: safe from any event loop; one lock covers a map lookup and a few additions.
 */
public final class RateLimiter {
    /** Buckets kept at most; under 200 bytes each with its key (at most 64 characters and a prefix). */
    public static final int MAX_IDENTITIES = 65_536;
    static final int MAX_IDENTITY_LENGTH = 64;
    /** Refilled buckets dropped per call, from the least recently used: enough to outpace new ones. */
    private static final int DROPPED_PER_CALL = 2;
    private static final long NANOS_PER_SECOND = Duration.ofSeconds(1).toNanos();

    private final double tokensPerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;

    /**
     * @param ratePerSecond tokens a bucket gains a second; 0 turns the limit off
     * @param burst         tokens a bucket holds at most, and holds at first
     * @param nanoTime      the clock, {@code System::nanoTime} outside tests
     */
    public RateLimiter(double ratePerSecond, long burst, int maxIdentities, LongSupplier nanoTime) {
        if (ratePerSecond < 0 || burst < 1 || maxIdentities < 1) {
            throw new IllegalArgumentException("a rate limit needs a rate of at least 0, and a burst and a map of at least 1");
        }
        this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxIdentities;
            }
        };
    }

    /** Whether any request is ever refused. */
    public boolean enabled() {
        return tokensPerNano > 0;
    }

    /**
     * Takes a token from {@code identity}'s bucket.
     *
     * @return 0 when there was one; otherwise the nanoseconds until there will be one (at least 1)
     */
    public long acquire(String identity) {
        if (!enabled()) {
            return 0;
        }
        String key = identity.length() <= MAX_IDENTITY_LENGTH ? identity : digest(identity);
        synchronized (buckets) {
            long now = nanoTime.getAsLong();
            dropRefilled(now);
            Bucket bucket = buckets.get(key);
            if (bucket == null) {
                bucket = new Bucket(burst, now);
                buckets.put(key, bucket);
            }
            bucket.refill(now, tokensPerNano, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / tokensPerNano));
        }
    }

    /** How many identities have a bucket now. */
    public int trackedIdentities() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private void dropRefilled(long now) {
        Iterator<Bucket> eldest = buckets.values().iterator();
        for (int i = 0; i < DROPPED_PER_CALL && eldest.hasNext(); i++) {
            Bucket bucket = eldest.next();
            bucket.refill(now, tokensPerNano, burst);
            if (bucket.tokens < burst) {
                return;
            }
            eldest.remove();
        }
    }

    private static String digest(String identity) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Guarded by the map's lock. */
    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        void refill(long now, double tokensPerNano, double burst) {
            tokens = Math.min(burst, tokens + (now - updatedNanos) * tokensPerNano);
            updatedNanos = now;
        }
    }
}
