package dev.herald.http;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A logger that writes at most {@code maxPerSecond} records a second, so a flood of bad requests
 * cannot flood the log. Records past the budget are counted, and the count is told with the next
 * record written.
 *
 * <p>Threading: safe from any thread; the lock covers a few counters only.
 */
public final class RateLimitedLog {
    private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

    private final Logger logger;
    private final int maxPerSecond;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int written;
    private long suppressed;

    /** @param nanoTime the clock, {@code System::nanoTime} outside tests */
    public RateLimitedLog(Logger logger, int maxPerSecond, LongSupplier nanoTime) {
        this.logger = logger;
        this.maxPerSecond = maxPerSecond;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong() - WINDOW_NANOS;
    }

    /** Logs {@code message} (and {@code cause}, which may be null) unless this second's budget is spent. */
    public void log(Level level, String message, Throwable cause) {
        if (!logger.isLoggable(level)) {
            return;
        }
        long suppressedBefore;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (now - windowStart >= WINDOW_NANOS) {
                windowStart = now;
                written = 0;
            }
            if (written >= maxPerSecond) {
                suppressed++;
                return;
            }
            written++;
            suppressedBefore = suppressed;
            suppressed = 0;
        }
        String line = suppressedBefore == 0 ? message : message + " (" + suppressedBefore
                + " similar lines suppressed before this one; at most " + maxPerSecond + " a second)";
        logger.log(level, line, cause);
    }
}
