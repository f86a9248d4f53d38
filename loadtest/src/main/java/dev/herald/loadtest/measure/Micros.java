package dev.herald.loadtest.measure;

import java.time.Instant;

/**
 * Wall-clock microseconds since the epoch. Publisher and subscribers may live in different
 * processes of the same machine, so latency uses the shared wall clock, not {@code nanoTime}.
 */
public final class Micros {

    private Micros() {
    }

    public static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
