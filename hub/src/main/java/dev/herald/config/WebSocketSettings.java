package dev.herald.config;

import java.time.Duration;

/**
 * The WebSocket transport.
 *
 * @param pingInterval   how often a ping goes out ({@code ping_interval})
 * @param pongTimeout    how long a client may stay silent after a ping, and how long it has to
 *                       authenticate ({@code pong_timeout})
 * @param maxMessageSize largest client message, in bytes ({@code max_ws_message_size})
 */
public record WebSocketSettings(Duration pingInterval, Duration pongTimeout, int maxMessageSize) {
}
