package dev.herald.server;

import dev.herald.config.HeraldConfig;
import dev.herald.core.CloseReason;
import dev.herald.http.RequestLine;
import dev.herald.http.StrictRequestDecoder;
import dev.herald.subscription.ActiveSubscriptions;
import dev.herald.subscription.Subscriptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the hub: its subscribers and an HTTP server on the shared port.
 * Vert.x deploys one instance per event loop and balances connections between them.
 */
final class HubVerticle extends VerticleBase {
    private final HubServices services;
    private Subscriptions subscriptions;
    private HttpServer server;

    HubVerticle(HubServices services) {
        this.services = services;
    }

    @Override
    public Future<?> start() {
        HeraldConfig config = services.config();
        // While history replays, live updates wait; more than a history's worth means the
        // client is hopelessly behind and is better off reconnecting.
        int maxPending = Math.max(1_000, config.history().size());
        subscriptions = new Subscriptions(vertx, context, services.broker(), services.selectorBudget(), maxPending,
                config.subscribers().heartbeatInterval(), services.metrics(), activeSubscriptions());
        int subscribeLineLimit = RequestLine.subscribeLimit(config.subscribers().maxSubscriptionBytes(),
                config.subscribers().maxTopics());
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.server().host())
                .setPort(config.server().port())
                // Idle connections are timed by the ConnectionGate, which knows a stream from idleness.
                .setIdleTimeout(0)
                // Every request and response is handled on its connection's event loop, so writes
                // go straight to the channel: without this, Vert.x gives each connection an outbound
                // queue whose first chunk alone is a 1 025-slot array (~4 KiB per idle stream).
                // Pinned by StrictThreadModeTest.
                .setStrictThreadMode(true)
                // Room for a subscription's topics (percent-encoded max_subscription_bytes); every
                // other request line is held to RequestLine.MAX_BYTES by the ConnectionGate.
                .setMaxInitialLineLength(subscribeLineLimit)
                // Cleartext HTTP/2 off: caps, timeouts and framing checks work on HTTP/1.1, and
                // HTTP/2 belongs behind TLS, at a proxy in front of the hub.
                .setHttp2ClearTextEnabled(false)
                // 100 Continue is sent by BoundedBody once the declared length fits.
                .setHandle100ContinueAutomatically(false)
                // Off unless asked for: compression encodes every update again per connection,
                // where uncompressed frames are encoded once and shared.
                .setPerMessageWebSocketCompressionSupported(config.webSocket().compression())
                .setPerFrameWebSocketCompressionSupported(false)
                // Above max_ws_message_size, so oversized client messages get an error reply, not a drop.
                .setMaxWebSocketMessageSize(config.webSocket().hardMessageLimit())
                .setMaxWebSocketFrameSize(config.webSocket().hardMessageLimit());
        server = vertx.createHttpServer(options)
                .connectionHandler(connection -> services.gate().admit(connection, options))
                .invalidRequestHandler(request -> StrictRequestDecoder.reply(request, subscribeLineLimit));
        services.loops().watch(vertx);
        return server.requestHandler(Routes.create(vertx, services, subscriptions)).listen();
    }

    /** What tells the active subscriptions of this loop's subscribers, when {@code subscription_events} is on. */
    private ActiveSubscriptions activeSubscriptions() {
        return services.directory() == null ? ActiveSubscriptions.disabled()
                : new ActiveSubscriptions(services.directory(), services.events());
    }

    /**
     * This loop's share of a {@link Drain}: ends its subscribers over {@code window}, then stops
     * listening, and completes once its connections are closed, cutting those still open
     * {@code cutMillis} after the drain began.
     */
    Future<Void> drain(Duration window, long cutMillis) {
        Promise<Void> closed = Promise.promise();
        long windowMillis = Math.max(1, window.toMillis());
        context.runOnContext(ignored -> {
            subscriptions.drain(window);
            vertx.setTimer(windowMillis, timer -> server.shutdown(Math.max(1, cutMillis - windowMillis),
                    TimeUnit.MILLISECONDS).onComplete(closed));
        });
        return closed.future();
    }

    @Override
    public Future<?> stop() {
        subscriptions.closeAll(CloseReason.SHUTTING_DOWN);
        return server.close();
    }

    int actualPort() {
        return server.actualPort();
    }

    /** Counts this loop's subscribers on the loop itself, where the registry lives. */
    Future<Integer> subscriberCount() {
        Promise<Integer> count = Promise.promise();
        context.runOnContext(ignored -> count.complete(subscriptions.size()));
        return count.future();
    }
}
