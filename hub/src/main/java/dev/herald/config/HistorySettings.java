package dev.herald.config;

import java.time.Duration;

/**
 * What the log retains for reconnecting clients.
 *
 * @param size   updates kept, 0 for none ({@code history_size})
 * @param maxAge how long an update is kept, zero for no age bound ({@code history_max_age})
 */
public record HistorySettings(int size, Duration maxAge) {
}
