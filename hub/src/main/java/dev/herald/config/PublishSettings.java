package dev.herald.config;

/**
 * What a publish may carry.
 *
 * @param maxBodySize largest request body, in bytes ({@code max_body_size})
 */
public record PublishSettings(long maxBodySize) {
}
