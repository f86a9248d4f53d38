package dev.herald.config;

import java.time.Duration;

/**
 * What one client may hold of the hub's connections, and how long a connection may dawdle.
 *
 * @param maxConnections       connections open at once, all clients together ({@code max_connections});
 *                             kept below the process's open-files limit
 * @param maxConnectionsPerIp  connections open at once from one client address, 0 for no cap
 *                             ({@code max_connections_per_ip})
 * @param requestHeaderTimeout time a client has to send a request's headers ({@code request_header_timeout})
 * @param requestBodyTimeout   time a client has to send a request's body ({@code request_body_timeout})
 * @param keepAliveTimeout     time an idle keep-alive connection stays open between requests
 *                             ({@code keepalive_timeout})
 */
public record ConnectionSettings(int maxConnections, int maxConnectionsPerIp, Duration requestHeaderTimeout,
                                 Duration requestBodyTimeout, Duration keepAliveTimeout) {
}
