package dev.herald.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.Promise;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients a run shares. Subscribers' (one set per source address, so that many connections
 * do not run out of local ports) run on the receiving Vert.x instance's event loops: Netty
 * bootstraps for the streams and WebSockets that speak HTTP themselves ({@link RawSocket}),
 * HTTP clients for long-polls. Publish clients run on the publishing instance and open the single
 * connections {@link PublishChannel}s pipeline on. Receiving never runs on a publishing thread,
 * so each side's CPU can be told apart. Thread-safe: the clients, bootstraps and channel group
 * are; the round-robin counter is atomic.
 */
public final class Connections {

    /** One process may hold at most 20 000 files; leave room for the JVM's own. */
    private static final int MAX_CONNECTIONS_PER_CLIENT = 19_500;

    private final List<Endpoint> subscribeServers;
    private final long connectTimeoutMillis;
    private final List<HttpClientAgent> subscriberHttp = new ArrayList<>();
    private final List<Bootstrap> subscriberSockets = new ArrayList<>();
    private final List<InetSocketAddress> subscribeAddresses;
    /** Open subscriber channels, closed with the clients; a channel leaves the group when it closes. */
    private final ChannelGroup subscriberChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<HttpClientAgent> publishClients = new ArrayList<>();
    private final Endpoint publishServer;
    private final AtomicInteger nextSource = new AtomicInteger();

    /**
     * @param subscribeServers the nodes subscribers connect to; a subscription names its node by index
     * @param publishServer    the node every publish goes to
     * @param publishing       the Vert.x instance whose event loop publishes, apart from the subscribers'
     */
    public Connections(Vertx receiving, Vertx publishing, List<URI> subscribeServers, URI publishServer,
            List<String> sourceAddresses, long connectTimeoutMillis) {
        this.subscribeServers = subscribeServers.stream().map(Endpoint::of).toList();
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.publishServer = Endpoint.of(publishServer);
        this.subscribeAddresses = this.subscribeServers.stream().map(e -> new InetSocketAddress(e.host(), e.port())).toList();
        List<String> sources = sourceAddresses.isEmpty() ? java.util.Collections.singletonList(null) : sourceAddresses;
        for (String source : sources) {
            HttpClientOptions http = new HttpClientOptions()
                    .setConnectTimeout((int) connectTimeoutMillis)
                    .setKeepAlive(true)
                    .setIdleTimeout(0)
                    .setMaxInitialLineLength(8192);
            if (source != null) {
                http.setLocalAddress(source);
            }
            subscriberHttp.add(receiving.createHttpClient(http, new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_CLIENT)));
            subscriberSockets.add(socketBootstrap((VertxInternal) receiving, source, connectTimeoutMillis));
            // Publishes are pipelined on connections the channels open and hold themselves.
            HttpClientOptions publish = new HttpClientOptions()
                    .setConnectTimeout((int) connectTimeoutMillis)
                    .setKeepAlive(true)
                    .setPipelining(true)
                    .setPipeliningLimit(PublishChannel.MAX_IN_FLIGHT)
                    .setIdleTimeout(0);
            if (source != null) {
                publish.setLocalAddress(source);
            }
            publishClients.add(publishing.createHttpClient(publish));
        }
    }

    /** Where subscriptions on node {@code node} connect. */
    public Endpoint subscribeServer(int node) {
        return subscribeServers.get(node);
    }

    public long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /** Long-poll request headers: {@code Accept}, and {@code Last-Event-ID} when resuming. */
    public static MultiMap subscribeHeaders(String accept, String lastEventId) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.ACCEPT, accept);
        if (lastEventId != null) {
            headers.add("Last-Event-ID", lastEventId);
        }
        return headers;
    }

    /** Subscriber clients rotate over the source addresses. */
    public HttpClientAgent nextSubscriberHttp() {
        return subscriberHttp.get(Math.floorMod(nextSource.getAndIncrement(), subscriberHttp.size()));
    }

    /**
     * Connects a subscriber's TCP connection to node {@code node}, from the next source address,
     * on one of the receiving instance's event loops, with {@code handler} as its only handler.
     */
    ChannelFuture connectSubscriber(int node, ChannelHandler handler) {
        Bootstrap bootstrap = subscriberSockets.get(Math.floorMod(nextSource.getAndIncrement(), subscriberSockets.size()));
        ChannelFuture connecting = bootstrap.clone().handler(handler).connect(subscribeAddresses.get(node));
        subscriberChannels.add(connecting.channel());
        return connecting;
    }

    /** Plain Netty channels on Vert.x's loops and transport: the reads reach {@link RawSocket} with no layer between. */
    private static Bootstrap socketBootstrap(VertxInternal vertx, String source, long connectTimeoutMillis) {
        Bootstrap bootstrap = new Bootstrap()
                .group(vertx.nettyEventLoopGroup())
                .channelFactory(vertx.transport().channelFactory(false))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true);
        if (source != null) {
            bootstrap.localAddress(new InetSocketAddress(source, 0));
            if (vertx.isNativeTransportEnabled()) {
                // Bound to an address, a socket would take its port at bind time, scanning past every
                // port a closed connection holds in TIME_WAIT on the loop's thread (about a second per
                // connect once churn has filled the range); this leaves the choice to connect, which
                // may reuse such a port as a client that binds nothing does.
                bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
            }
        }
        return bootstrap;
    }

    /**
     * Opens publish connection {@code index} to the publish server, from the source addresses in
     * turn; call it on the publishing event loop, which the connection then belongs to.
     */
    public Future<HttpClientConnection> openPublishConnection(int index) {
        return publishClients.get(Math.floorMod(index, publishClients.size()))
                .connect(new HttpConnectOptions().setHost(publishServer.host()).setPort(publishServer.port()));
    }

    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        subscriberHttp.forEach(c -> closing.add(c.close()));
        publishClients.forEach(c -> closing.add(c.close()));
        Promise<Void> channelsClosed = Promise.promise();
        subscriberChannels.close().addListener(ignored -> channelsClosed.complete());
        closing.add(channelsClosed.future());
        return Future.join(closing).mapEmpty();
    }
}
