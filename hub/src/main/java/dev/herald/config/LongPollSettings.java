package dev.herald.config;

import java.time.Duration;

/**
 * The long-poll transport.
 *
 * @param timeout   how long a poll waits for an update ({@code poll_timeout})
 * @param batchSize most updates one answer carries ({@code poll_batch_size})
 */
public record LongPollSettings(Duration timeout, int batchSize) {
}
