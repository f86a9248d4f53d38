package dev.herald.config;

/**
 * What a publish may carry, and how often one publisher may publish.
 *
 * @param maxBodySize        largest request body, in bytes ({@code max_body_size})
 * @param maxTopics          most topics one update may name ({@code max_topics_per_update})
 * @param rateLimitPerSecond publishes a second one publisher may sustain, 0 for no limit
 *                           ({@code publish_rate_limit})
 * @param burst              publishes one publisher may make at once before the rate applies
 *                           ({@code publish_burst})
 */
public record PublishSettings(long maxBodySize, int maxTopics, int rateLimitPerSecond, int burst) {
}
