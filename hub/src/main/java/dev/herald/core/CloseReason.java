package dev.herald.core;

/**
 * Why Herald ended a subscriber's connection. Each reason carries the WebSocket close code sent to
 * clients that can read one, and says whether reconnecting makes sense.
 */
public enum CloseReason {
    /** The client went away or closed the connection itself. */
    CLIENT_CLOSED(1000, true),
    /** The subscriber's token reached its {@code exp}; reconnect with a fresh token. */
    TOKEN_EXPIRED(4001, true),
    /** The client could not keep up and its outbound queue overflowed; reconnect and catch up from history. */
    SLOW_CONSUMER(4008, true),
    /** The heartbeat found the client unresponsive. */
    HEARTBEAT_TIMEOUT(4002, true),
    /** The client did not authenticate in time or presented an unacceptable token; do not retry unchanged. */
    UNAUTHORIZED(1008, false),
    /**
     * The history this connection was reading no longer covers it: its replay fell behind the
     * retained history, or the log restarted (a new epoch). Reconnect with the last event id
     * received; a hub that no longer knows it answers {@code earliest} and replays what it has.
     */
    HISTORY_LOST(4009, true),
    /** The hub is shutting down; reconnect, possibly to another node. */
    SHUTTING_DOWN(1001, true),
    /**
     * The node is draining before it stops (a restart or a scale-in): reconnect, to another node,
     * after a short pause, resuming from the last event id received. WebSocket's 1012, Service Restart.
     */
    RESTARTING(1012, true);

    private final int webSocketCode;
    private final boolean reconnect;

    CloseReason(int webSocketCode, boolean reconnect) {
        this.webSocketCode = webSocketCode;
        this.reconnect = reconnect;
    }

    public int webSocketCode() {
        return webSocketCode;
    }

    public boolean reconnect() {
        return reconnect;
    }

    /** The lower-case name used in logs and close messages, e.g. {@code slow_consumer}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
