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
 * Both carry {@code Retry-After: }{@value ClientError#RETRY_AFTER_SECONDS}. A refused connection's
 * request head is read (at most 8 KiB, for at most 2 s, by at most {@link #MAX_READING_REFUSALS}
 * refusals at once) so that a WebSocket upgrade gets the handshake and close code 1013 (a cap) or
 * 1012 (a drain) instead of a status its client cannot see; past that bound the HTTP answer goes
 * out at once, before any request byte is read. See {@link Refusal}.
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
    private final byte[] subscribePrefix;
    /** How many refused connections may have their request head read at once, hub-wide: 2 MiB of heads at most. */
    static final int MAX_READING_REFUSALS = 256;
    /** RFC 6455 close codes for a refused WebSocket: try again later (a cap), service restart (a drain). */
    static final int TRY_AGAIN_LATER = 1013;
    static final int SERVICE_RESTART = 1012;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger readingRefusals = new AtomicInteger();
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
        this.subscribePrefix = ExchangeWatch.subscribePrefix(subscribePath);
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
            pipeline.addFirst(refusal(503, DRAINING, SERVICE_RESTART));
        } else if (maxConnectionsPerIp > 0 && fromAddress > maxConnectionsPerIp) {
            pipeline.addFirst(refusal(429, "too many connections from " + address
                    + ": at most " + maxConnectionsPerIp + " (max_connections_per_ip)", TRY_AGAIN_LATER));
        } else if (total > maxConnections) {
            pipeline.addFirst(refusal(503, "the hub is at its connection limit of "
                    + maxConnections + " (max_connections)", TRY_AGAIN_LATER));
        } else {
            pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
            ExchangeWatch watch = new ExchangeWatch(channel, requestHeaderTimeout, requestBodyTimeout,
                    keepAliveTimeout, subscribePrefix);
            pipeline.addBefore("httpDecoder", "heraldBytes", watch.bytes());
            pipeline.addBefore("handler", "heraldExchanges", watch.messages());
        }
    }

    /**
     * The refusal of one connection: it reads the request's head, so that a WebSocket upgrade gets
     * a close code ({@code webSocketCode}) rather than an HTTP status its client cannot see, while
     * fewer than {@link #MAX_READING_REFUSALS} refusals do so; past that, it answers at once with
     * the HTTP status and reads nothing, so a flood over a cap still costs no request buffers.
     */
    private Refusal refusal(int status, String reason, int webSocketCode) {
        byte[] response = ClientError.encoded(status, reason, retryAfter());
        if (readingRefusals.incrementAndGet() > MAX_READING_REFUSALS) {
            readingRefusals.decrementAndGet();
            return Refusal.immediate(response);
        }
        return Refusal.readingHead(response, webSocketCode, reason + "; retry in " + retryAfter() + " s",
                readingRefusals);
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
