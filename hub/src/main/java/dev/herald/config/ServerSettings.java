package dev.herald.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The listener and process: where Herald listens, how many event loops serve it, which browser
 * origins it answers, which proxies may name its clients.
 *
 * @param host        interface to listen on ({@code listen})
 * @param port        port to listen on, 0 for any free one ({@code listen})
 * @param dev         development mode ({@code dev})
 * @param eventLoops  event-loop threads, 0 for one per core ({@code event_loops})
 * @param corsOrigins origins allowed from a browser, {@code *} for any ({@code cors_origins})
 * @param trustedProxies IP addresses and CIDR blocks of the proxies whose {@code Forwarded} and
 *                    {@code X-Forwarded-For} headers name the client; empty trusts none ({@code trusted_proxies})
 * @param drainWindow time over which a draining node ends its streams ({@code drain_window})
 * @param shutdownTimeout time a stop may take before the process exits anyway, longer than
 *                        {@code drainWindow} ({@code shutdown_timeout})
 * @param hubUrl      the hub's public URL, against which relative topics and URL patterns are resolved
 *                    and whose path holds the reserved namespace ({@code hub_url})
 */
public record ServerSettings(String host, int port, boolean dev, int eventLoops, List<String> corsOrigins,
                             List<String> trustedProxies, Duration drainWindow, Duration shutdownTimeout,
                             URI hubUrl) {
    public ServerSettings {
        corsOrigins = List.copyOf(corsOrigins);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** Event loops actually used: the configured number, or one per core. */
    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }
}
