package dev.herald.config;

import java.time.Duration;

/**
 * The WebSocket transport.
 *
 * @param pingInterval   how often a ping goes out ({@code ping_interval})
 * @param pongTimeout    how long a client may stay silent after a ping, and how long it has to
 *                       authenticate ({@code pong_timeout})
 * @param maxMessageSize largest client message, in bytes ({@code max_ws_message_size})
 * @param compression    whether permessage-deflate is accepted when a client offers it
 *                       ({@code websocket_compression})
 */
public record WebSocketSettings(Duration pingInterval, Duration pongTimeout, int maxMessageSize, boolean compression) {

    /**
     * The largest message a client may send at all, in bytes: above {@code max_ws_message_size}, so
     * an oversized message gets an error reply; beyond it the connection is closed with 1009. The
     * HTTP server's WebSocket frame and message limits are this too.
     */
    public int hardMessageLimit() {
        return Math.max(1024 * 1024, 4 * maxMessageSize);
    }
}
