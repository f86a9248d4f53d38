package dev.herald.config;

import java.util.List;

/**
 * One configuration option: the section it belongs to (the settings record that holds it), its
 * YAML name, its default as written in YAML, and one line of help.
 * The environment variable is {@code HERALD_} + the upper-cased name, the flag {@code --name} with
 * dashes or underscores.
 */
public record ConfigOption(String section, String name, String defaultValue, String help) {

    /**
     * Every option Herald reads, grouped by section (one settings record each), in the order
     * {@code --help} and {@code config/herald.yaml} list them.
     */
    public static final List<ConfigOption> ALL = List.of(
            new ConfigOption("server", "listen", ":8080", "address to listen on, host:port (an empty host means all interfaces)"),
            new ConfigOption("server", "dev", "false", "development mode: 127.0.0.1, anonymous subscribers, a random key and ready-made tokens printed at start"),
            new ConfigOption("server", "event_loops", "0", "event-loop threads; 0 means one per CPU core"),
            new ConfigOption("server", "cors_origins", "", "comma-separated origins allowed to subscribe and publish from a browser; * allows any"),
            new ConfigOption("server", "trusted_proxies", "", "comma-separated IP addresses and CIDR blocks of proxies whose Forwarded or X-Forwarded-For header names the client; empty trusts none"),
            new ConfigOption("server", "drain_window", "5s", "on SIGTERM, time over which the node ends its SSE and WebSocket connections at random moments, so clients reconnect elsewhere gradually"),
            new ConfigOption("server", "hub_url", "https://localhost/.well-known/mercure", "the hub's public URL: relative topics and URL patterns are resolved against it, and topics under its path are reserved for the hub"),
            new ConfigOption("server", "shutdown_timeout", "15s", "on SIGTERM, time the drain and stop may take before the process exits anyway; longer than drain_window"),
            new ConfigOption("logging", "log_format", "text", "text (readable lines) or json (one JSON object per line)"),
            new ConfigOption("logging", "access_log", "false", "log one line per request: client, method, path (tokens redacted), status, bytes, duration"),
            new ConfigOption("connections", "max_connections", "0", "connections open at once; 0 means 90% of the process's open-files limit"),
            new ConfigOption("connections", "max_connections_per_ip", "1024", "connections open at once from one client address; 0 means no cap (behind a proxy, every client has the proxy's address)"),
            new ConfigOption("connections", "request_header_timeout", "10s", "time a client has to send a request's headers"),
            new ConfigOption("connections", "request_body_timeout", "30s", "time a client has to send a request's body"),
            new ConfigOption("connections", "keepalive_timeout", "60s", "time an idle keep-alive connection stays open between requests"),
            new ConfigOption("auth", "publisher_jwt_key", "", "key verifying publisher JWTs: an HMAC secret (at least 32 bytes), a PEM public key (RSA or EC) or a JWK"),
            new ConfigOption("auth", "subscriber_jwt_key", "", "key verifying subscriber JWTs, same forms as publisher_jwt_key"),
            new ConfigOption("auth", "publisher_jwks_url", "", "https URL of a JWK Set whose keys verify publisher JWTs by kid, refetched periodically; beside or instead of publisher_jwt_key"),
            new ConfigOption("auth", "subscriber_jwks_url", "", "https URL of a JWK Set whose keys verify subscriber JWTs by kid; beside or instead of subscriber_jwt_key"),
            new ConfigOption("auth", "jwt_algorithms", "", "comma-separated allow-list of JWT algorithms (e.g. HS256,RS256); empty allows all that fit the key"),
            new ConfigOption("auth", "anonymous", "false", "allow subscribers without a token; they receive public updates only"),
            new ConfigOption("auth", "cookie_name", "mercureAuthorization", "name of the cookie that may carry a token (draft-08's __Secure-mercure_access_token is read too)"),
            new ConfigOption("auth", "jwt_audience", "", "resource identifier every token's aud must name; empty: only draft-08 tokens are checked, against hub_url"),
            new ConfigOption("auth", "jwt_issuer", "", "iss every token must carry; empty accepts any issuer"),
            new ConfigOption("history", "history_size", "10000", "how many updates the history keeps for reconnecting clients; 0 keeps none"),
            new ConfigOption("history", "history_max_age", "0", "how long an update stays in history (e.g. 1h); 0 means no age limit"),
            new ConfigOption("history", "history_max_bytes", "0", "most bytes of updates the history keeps (oldest dropped first); 0 means a quarter of the JVM's maximum heap"),
            new ConfigOption("redis", "redis_url", "", "Redis holding the shared log of a cluster, redis://[:password@]host:port[/db] (rediss:// for TLS); empty runs one node with history in memory"),
            new ConfigOption("redis", "redis_sentinels", "", "comma-separated Sentinel addresses (host:port) that find the Redis master; redis_url then gives only its password, database and TLS"),
            new ConfigOption("redis", "redis_master_name", "mymaster", "the name Sentinel knows the Redis master by"),
            new ConfigOption("redis", "redis_key_prefix", "herald", "what every Redis key of this hub starts with, so several hubs can share one Redis"),
            new ConfigOption("redis", "redis_timeout", "2s", "time a Redis command may take; a publish Redis has not stored within it gets 503"),
            new ConfigOption("subscribers", "max_topics_per_subscription", "100", "most topic selectors one subscription may name"),
            new ConfigOption("subscribers", "max_selector_length", "2048", "longest topic selector accepted, in characters"),
            new ConfigOption("subscribers", "max_queue_bytes", "1MiB", "outbound bytes a connection may have queued before it is closed as a slow consumer"),
            new ConfigOption("subscribers", "heartbeat_interval", "15s", "idle time after which a subscriber gets a heartbeat; 0 disables heartbeats"),
            new ConfigOption("subscribers", "max_subscription_bytes", "64KiB", "total length of the topic selectors of one connection"),
            new ConfigOption("subscribers", "max_hub_subscription_bytes", "0", "total length of the topic selectors of all connections together; 0 means an eighth of the JVM's maximum heap"),
            new ConfigOption("subscribers", "subscription_events", "false", "Mercure's active subscriptions: publish a private update under <hub path>/subscriptions/ when a subscription starts or ends, and serve the subscriptions API there"),
            new ConfigOption("publish", "max_body_size", "1MiB", "largest publish request body accepted"),
            new ConfigOption("publish", "max_topics_per_update", "100", "most topics one update may name (its canonical topic and alternates)"),
            new ConfigOption("publish", "publish_rate_limit", "1000", "publishes a second one publisher (its token's sub, else its address) may sustain; past it 429; 0 means no limit"),
            new ConfigOption("publish", "publish_burst", "2000", "publishes one publisher may make at once before publish_rate_limit applies"),
            new ConfigOption("websocket", "ping_interval", "25s", "how often WebSocket subscribers get a ping frame and a ping message"),
            new ConfigOption("websocket", "pong_timeout", "10s", "how long a WebSocket subscriber may take to answer a ping before it is closed"),
            new ConfigOption("websocket", "max_ws_message_size", "64KiB", "largest message a WebSocket client may send; larger ones get an error"),
            new ConfigOption("websocket", "websocket_compression", "false", "accept permessage-deflate when a client offers it: fewer bytes on the wire, but every update is compressed again for each such connection"),
            new ConfigOption("longpoll", "poll_timeout", "25s", "how long a long-poll request waits for an update before returning empty"),
            new ConfigOption("longpoll", "poll_batch_size", "100", "most updates one long-poll response carries; the client polls again for more"),
            new ConfigOption("metrics", "metrics_listen", "", "address of a separate listener for GET /metrics, host:port (e.g. 127.0.0.1:9090); empty serves it on the main listener"),
            new ConfigOption("metrics", "metrics_token", "", "bearer token a scrape of /metrics must carry (Authorization: Bearer <token>); empty leaves /metrics open"));

    /** The environment variable that sets this option. */
    public String environmentVariable() {
        return "HERALD_" + name.toUpperCase(java.util.Locale.ROOT);
    }

    /** The command-line flag that sets this option. */
    public String flag() {
        return "--" + name.replace('_', '-');
    }
}
