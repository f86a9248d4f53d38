package dev.herald.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The door of the hub, one for all event loops: counts every open connection, refuses those over
 * a cap, and puts the strict decoder and the {@link ExchangeWatch} on the others.
 * <ul>
 *   <li>over {@code max_connections_per_ip} from one address: 429;</li>
 *   <li>over {@code max_connections} in all: 503;</li>
 *   <li>any, once the node drains ({@link #closeDoor}): 503, so the client goes to another node.</li>
 * </ul>
 * Both carry {@code Retry-After: }{@value ClientError#RETRY_AFTER_SECONDS} and are sent as soon as the
 * connection opens, before any of its request is read (a WebSocket upgrade included), so a client
 * over a cap costs no request buffer; see {@link Refusal}.
 *
 * <p>Counts are shared by every event loop (an atomic counter and a concurrent map); a connection
 * is counted from accept to close, refused ones included, since each holds a descriptor.
 */
public final class ConnectionGate {
    private final int maxConnections;
    private final int maxConnectionsPerIp;
    private final Duration requestHeaderTimeout;
    private final Duration requestBodyTimeout;
    private final Duration keepAliveTimeout;
    private final String subscribePath;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> openPerIp = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param maxConnectionsPerIp 0 for no cap per address
     * @param subscribePath       the only path whose requests may have long lines
     */
    public ConnectionGate(int maxConnections, int maxConnectionsPerIp, Duration requestHeaderTimeout,
                          Duration requestBodyTimeout, Duration keepAliveTimeout, String subscribePath) {
        this.maxConnections = maxConnections;
        this.maxConnectionsPerIp = maxConnectionsPerIp;
        this.requestHeaderTimeout = requestHeaderTimeout;
        this.requestBodyTimeout = requestBodyTimeout;
        this.keepAliveTimeout = keepAliveTimeout;
        this.subscribePath = subscribePath;
    }

    /**
     * Admits or refuses a new HTTP/1.x connection (Vert.x's connection handler, called on its event
     * loop while its pipeline is set up, before anything was read). {@code options} are the
     * server's, for the decoder.
     */
    public void admit(HttpConnection connection, HttpServerOptions options) {
        // Vert.x has no public door to the pipeline; its connections are ConnectionBase underneath.
        Channel channel = ((ConnectionBase) connection).channel();
        String address = address(connection.remoteAddress());
        int total = open.incrementAndGet();
        int fromAddress = maxConnectionsPerIp > 0 ? openPerIp.merge(address, 1, Integer::sum) : 0;
        channel.closeFuture().addListener(closed -> release(address));

        ChannelPipeline pipeline = channel.pipeline();
        if (closed) {
            pipeline.addFirst(new Refusal(ClientError.encoded(503, DRAINING, retryAfter())));
        } else if (maxConnectionsPerIp > 0 && fromAddress > maxConnectionsPerIp) {
            pipeline.addFirst(new Refusal(ClientError.encoded(429, "too many connections from " + address
                    + ": at most " + maxConnectionsPerIp + " (max_connections_per_ip)", retryAfter())));
        } else if (total > maxConnections) {
            pipeline.addFirst(new Refusal(ClientError.encoded(503, "the hub is at its connection limit of "
                    + maxConnections + " (max_connections)", retryAfter())));
        } else {
            pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
            ExchangeWatch watch = new ExchangeWatch(channel, requestHeaderTimeout, requestBodyTimeout,
                    keepAliveTimeout, subscribePath);
            pipeline.addBefore("httpDecoder", "heraldBytes", watch.bytes());
            pipeline.addBefore("handler", "heraldExchanges", watch.messages());
        }
    }

    /** Why a draining node refuses a request; the same words for a new connection and a kept-alive one. */
    public static final String DRAINING = "this node is restarting; retry, another node will answer";

    /**
     * Refuses every connection from now on: the node drains. Connections already open stay, to
     * finish what they carry (and to read {@code /readyz} say so).
     */
    public void closeDoor() {
        closed = true;
    }

    /** Connections open now, all addresses together. */
    public int open() {
        return open.get();
    }

    private void release(String address) {
        open.decrementAndGet();
        if (maxConnectionsPerIp > 0) {
            openPerIp.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
        }
    }

    private static String retryAfter() {
        return "Retry-After: " + ClientError.RETRY_AFTER_SECONDS;
    }

    private static String address(SocketAddress remote) {
        if (remote == null) {
            return "";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.toString();
    }
}
