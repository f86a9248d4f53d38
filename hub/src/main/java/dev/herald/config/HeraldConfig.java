package dev.herald.config;

import java.time.Duration;
import java.util.List;

/**
 * Herald's validated configuration. Built by {@link ConfigLoader}; each field is documented in
 * {@link ConfigOption#ALL} and in {@code config/herald.yaml}.
 */
public record HeraldConfig(
        String host,
        int port,
        boolean dev,
        int eventLoops,
        String publisherJwtKey,
        String subscriberJwtKey,
        List<String> jwtAlgorithms,
        boolean anonymous,
        String cookieName,
        List<String> corsOrigins,
        int historySize,
        Duration historyMaxAge,
        Duration heartbeatInterval,
        int maxTopicsPerSubscription,
        int maxSelectorLength,
        long maxBodySize,
        int maxQueueBytes,
        Duration pingInterval,
        Duration pongTimeout,
        int maxWsMessageSize,
        Duration pollTimeout,
        int pollBatchSize) {

    public HeraldConfig {
        jwtAlgorithms = List.copyOf(jwtAlgorithms);
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** Event loops actually used: the configured number, or one per core. */
    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }

    /** The same configuration with both JWT keys set, as dev mode does. */
    public HeraldConfig withKeys(String publisherKey, String subscriberKey) {
        return new HeraldConfig(host, port, dev, eventLoops, publisherKey, subscriberKey, jwtAlgorithms, anonymous,
                cookieName, corsOrigins, historySize, historyMaxAge, heartbeatInterval, maxTopicsPerSubscription,
                maxSelectorLength, maxBodySize, maxQueueBytes, pingInterval, pongTimeout, maxWsMessageSize, pollTimeout,
                pollBatchSize);
    }
}
