package dev.herald.config;

/**
 * How Herald writes its log.
 *
 * @param json      JSON lines instead of readable text ({@code log_format})
 * @param accessLog one line per request, on logger {@code dev.herald.access} ({@code access_log})
 */
public record LoggingSettings(boolean json, boolean accessLog) {
}
