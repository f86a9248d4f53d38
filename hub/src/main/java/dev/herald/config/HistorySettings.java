package dev.herald.config;

import java.time.Duration;

/**
 * What the log retains for reconnecting clients.
 *
 * @param size     updates kept, 0 for none ({@code history_size})
 * @param maxAge   how long an update is kept, zero for no age bound ({@code history_max_age})
 * @param maxBytes the most bytes of update data and topics kept ({@code history_max_bytes}); the
 *                 oldest updates are dropped to stay below it
 */
public record HistorySettings(int size, Duration maxAge, long maxBytes) {
}
