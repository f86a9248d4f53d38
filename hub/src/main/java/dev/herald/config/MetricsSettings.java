package dev.herald.config;

/**
 * Where Prometheus scrapes Herald ({@code GET /metrics}) and what it must present.
 *
 * @param host  interface of a separate metrics listener, or null to serve on the main listener ({@code metrics_listen})
 * @param port  port of the separate listener, 0 for any free one ({@code metrics_listen})
 * @param token bearer token a scrape must carry; empty for none ({@code metrics_token})
 */
public record MetricsSettings(String host, int port, String token) {

    /** True when metrics have a listener of their own rather than the main one. */
    public boolean separateListener() {
        return host != null;
    }
}
