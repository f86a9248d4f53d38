package dev.herald.config;

import java.time.Duration;
import java.util.List;

/**
 * Where the shared log lives when several nodes form one hub. With no {@code url} and no
 * {@code sentinels}, Herald runs as one node with its history in memory.
 *
 * @param url        {@code redis://[[user]:password@]host[:port][/db]} ({@code rediss://} for TLS); with
 *                   Sentinel, it gives only the password, database and TLS of the master
 *                   ({@code redis_url})
 * @param sentinels  Sentinel addresses, {@code host:port} each; empty without Sentinel ({@code redis_sentinels})
 * @param masterName the name Sentinel knows the master by ({@code redis_master_name})
 * @param keyPrefix  what every key of this hub starts with, so several hubs can share one Redis
 *                   ({@code redis_key_prefix})
 * @param timeout    how long a command may take before it counts as failed: a publish not stored
 *                   within it gets 503 ({@code redis_timeout})
 */
public record RedisSettings(String url, List<String> sentinels, String masterName, String keyPrefix,
                            Duration timeout) {

    public RedisSettings {
        sentinels = List.copyOf(sentinels);
    }

    /** True when the nodes share a log in Redis. */
    public boolean enabled() {
        return !url.isBlank() || !sentinels.isEmpty();
    }

    /** {@code url} with its password hidden, for logs and error messages. */
    public static String redacted(String url) {
        return url.replaceFirst("://[^@/]*@", "://***@");
    }
}
