package dev.herald.server;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether every event loop still runs its tasks, for the liveness probe: each loop records a beat
 * every {@link #BEAT}; a loop whose last beat is older than {@link #BLOCKED_AFTER} is blocked (a
 * handler that never returns, a deadlock), and only a restart frees its connections.
 *
 * <p>Threading: each beat is written by its own loop and read by any.
 */
final class LoopWatch {
    static final Duration BEAT = Duration.ofMillis(500);
    /** Well above a long GC pause on a busy machine, so a slow moment does not restart a node. */
    static final Duration BLOCKED_AFTER = Duration.ofSeconds(5);

    private final List<AtomicLong> lastBeats = new CopyOnWriteArrayList<>();

    /** Starts beating on the calling verticle's event loop. */
    void watch(Vertx vertx) {
        AtomicLong lastBeat = add();
        vertx.setPeriodic(BEAT.toMillis(), timer -> lastBeat.set(System.nanoTime()));
    }

    /** A new loop's beat, set to now; the caller keeps it current. */
    AtomicLong add() {
        AtomicLong lastBeat = new AtomicLong(System.nanoTime());
        lastBeats.add(lastBeat);
        return lastBeat;
    }

    /** How many loops had no beat within {@link #BLOCKED_AFTER} before {@code nowNanos}. */
    int blocked(long nowNanos) {
        long limit = BLOCKED_AFTER.toNanos();
        return (int) lastBeats.stream().filter(lastBeat -> nowNanos - lastBeat.get() > limit).count();
    }

    int size() {
        return lastBeats.size();
    }
}
