package dev.herald.redis;

import dev.herald.config.RedisSettings;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

import java.net.URI;
import java.util.List;

/** Builds the Vert.x Redis client the settings describe: one Redis, or the master Sentinel names. */
final class RedisClients {
    /** Commands one connection may have in flight: publishes are pipelined on one connection. */
    private static final int MAX_IN_FLIGHT = 32_768;

    private RedisClients() {
    }

    static Redis create(Vertx vertx, RedisSettings settings) {
        RedisOptions options = new RedisOptions()
                .setMaxWaitingHandlers(MAX_IN_FLIGHT)
                // RESP2 replies have one shape on every Redis version.
                .setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setNetClientOptions(new NetClientOptions()
                        .setConnectTimeout((int) settings.timeout().toMillis())
                        .setTcpNoDelay(true)
                        .setTcpKeepAlive(true));
        if (settings.sentinels().isEmpty()) {
            options.setConnectionString(settings.url());
        } else {
            options.setType(RedisClientType.SENTINEL)
                    .setRole(RedisRole.MASTER)
                    .setMasterName(settings.masterName())
                    .setEndpoints(sentinelEndpoints(settings.url(), settings.sentinels()));
        }
        return Redis.createClient(vertx, options);
    }

    /**
     * The Sentinel addresses as connection strings. The Vert.x client connects to the master it
     * finds with the credentials, database and TLS of the Sentinel's string, so each carries those
     * of {@code url}.
     */
    static List<String> sentinelEndpoints(String url, List<String> sentinels) {
        String scheme = "redis";
        String userInfo = "";
        String database = "";
        if (!url.isBlank()) {
            URI parsed = URI.create(url);
            scheme = parsed.getScheme();
            userInfo = parsed.getRawUserInfo() == null ? "" : parsed.getRawUserInfo() + "@";
            database = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        }
        String prefix = scheme + "://" + userInfo;
        String suffix = database;
        return sentinels.stream().map(sentinel -> prefix + sentinel + suffix).toList();
    }
}
