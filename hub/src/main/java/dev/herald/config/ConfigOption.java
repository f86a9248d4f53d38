package dev.herald.config;

import java.util.List;

/**
 * One configuration option: its YAML name, its default as written in YAML, and one line of help.
 * The environment variable is {@code HERALD_} + the upper-cased name, the flag {@code --name} with
 * dashes or underscores.
 */
public record ConfigOption(String name, String defaultValue, String help) {

    /** Every option Herald reads, in the order {@code --help} and {@code config/herald.yaml} list them. */
    public static final List<ConfigOption> ALL = List.of(
            new ConfigOption("listen", ":8080", "address to listen on, host:port (an empty host means all interfaces)"),
            new ConfigOption("dev", "false", "development mode: 127.0.0.1, anonymous subscribers, a random key and ready-made tokens printed at start"),
            new ConfigOption("event_loops", "0", "event-loop threads; 0 means one per CPU core"),
            new ConfigOption("publisher_jwt_key", "", "key verifying publisher JWTs: an HMAC secret (at least 32 bytes) or a PEM public key (RSA or EC)"),
            new ConfigOption("subscriber_jwt_key", "", "key verifying subscriber JWTs, same forms as publisher_jwt_key"),
            new ConfigOption("jwt_algorithms", "", "comma-separated allow-list of JWT algorithms (e.g. HS256,RS256); empty allows all that fit the key"),
            new ConfigOption("anonymous", "false", "allow subscribers without a token; they receive public updates only"),
            new ConfigOption("cookie_name", "mercureAuthorization", "name of the cookie that may carry a token"),
            new ConfigOption("cors_origins", "", "comma-separated origins allowed to subscribe and publish from a browser; * allows any"),
            new ConfigOption("history_size", "10000", "how many updates the history keeps for reconnecting clients; 0 keeps none"),
            new ConfigOption("history_max_age", "0", "how long an update stays in history (e.g. 1h); 0 means no age limit"),
            new ConfigOption("heartbeat_interval", "15s", "idle time after which a subscriber gets a heartbeat; 0 disables heartbeats"),
            new ConfigOption("max_topics_per_subscription", "100", "most topic selectors one subscription may name"),
            new ConfigOption("max_selector_length", "2048", "longest topic selector accepted, in characters"),
            new ConfigOption("max_body_size", "1MiB", "largest publish request body accepted"),
            new ConfigOption("max_queue_bytes", "1MiB", "outbound bytes a connection may have queued before it is closed as a slow consumer"),
            new ConfigOption("ping_interval", "25s", "how often WebSocket subscribers get a ping frame and a ping message"),
            new ConfigOption("pong_timeout", "10s", "how long a WebSocket subscriber may take to answer a ping before it is closed"),
            new ConfigOption("max_ws_message_size", "64KiB", "largest message a WebSocket client may send; larger ones get an error"),
            new ConfigOption("poll_timeout", "25s", "how long a long-poll request waits for an update before returning empty"),
            new ConfigOption("poll_batch_size", "100", "most updates one long-poll response carries; the client polls again for more"));

    /** The environment variable that sets this option. */
    public String environmentVariable() {
        return "HERALD_" + name.toUpperCase(java.util.Locale.ROOT);
    }

    /** The command-line flag that sets this option. */
    public String flag() {
        return "--" + name.replace('_', '-');
    }
}
